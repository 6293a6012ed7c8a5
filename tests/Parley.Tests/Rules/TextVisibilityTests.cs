using Parley.Rules;

namespace Parley.Tests.Rules;

/// <summary>A message (or a title that is not "") needs a character that draws something; bidi overrides are refused.</summary>
public sealed class TextVisibilityTests
{
    [Theory]
    [InlineData("\u200B")] // zero width space
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u3164")] // Hangul filler: a letter by category, drawn as nothing
    [InlineData("\uFFA0")] // halfwidth Hangul filler
    [InlineData("\u115F\u1160")] // Hangul choseong and jungseong fillers
    [InlineData("\u2800")] // Braille pattern blank: not default-ignorable, blank by Parley's choice
    [InlineData("\u2800 \u2800\n")]
    [InlineData("\u00AD")] // soft hyphen
    [InlineData("\u034F")] // combining grapheme joiner
    [InlineData("\u200D\u200C")] // joiners
    [InlineData("\u2060")] // word joiner
    [InlineData("\uFEFF")] // byte order mark
    [InlineData("\uFE0F")] // variation selector
    [InlineData("\U000E0041")] // tag latin capital A
    [InlineData("\U0001D173")] // musical symbol begin beam
    [InlineData("\u2066\u2069")] // an empty isolate
    [InlineData("\u200E \u200F")] // direction marks around a space
    [InlineData("\u0600")] // Arabic number sign: a format character
    public void RejectsTextOfOnlyInvisibleCharacters(string text)
    {
        Assert.Equal(Text.NotVisible, Text.CheckMessage(text));
        Assert.Equal(Text.NotVisible, Text.CheckTitle(text.Replace("\n", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("\u200Bhi")]
    [InlineData("\u3164a")]
    [InlineData("\u2800\u2801")] // a Braille dot
    [InlineData("\u2067שלום\u2069 and hello")] // isolates are fine
    [InlineData("\u200Fשלום")] // so are the marks
    [InlineData("\u0301")] // a lone combining mark draws on a dotted circle
    [InlineData("\uE000")] // private use
    [InlineData("👨\u200D👩\u200D👧")]
    public void AcceptsTextWithAVisibleCharacter(string text)
    {
        Assert.Null(Text.CheckMessage(text));
        Assert.Null(Text.CheckTitle(text));
    }

    [Theory]
    [InlineData("\u202A")] // left-to-right embedding
    [InlineData("\u202B")] // right-to-left embedding
    [InlineData("\u202C")] // pop directional formatting
    [InlineData("\u202D")] // left-to-right override
    [InlineData("evil\u202Efdp.exe")] // right-to-left override: shows "evilexe.pdf"
    public void RejectsBidiEmbeddingAndOverrideControls(string text)
    {
        const string Problem = "must not contain bidirectional embedding or override controls (U+202A to U+202E)";
        Assert.Equal(Problem, Text.CheckMessage(text));
        Assert.Equal(Problem, Text.CheckTitle(text));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\u3000")]
    [InlineData("\u200B")]
    public void TitleOfOnlyBlankCharactersIsRejectedButEmptyIsFine(string title)
    {
        Assert.Equal(Text.NotVisible, Text.CheckTitle(title));
        Assert.Null(Text.CheckTitle(""));
    }
}
