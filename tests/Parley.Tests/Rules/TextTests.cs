using Parley.Rules;

namespace Parley.Tests.Rules;

public sealed class TextTests
{
    private const string ThumbsUpMediumSkin = "👍🏽";
    private const string Family = "👨\u200D👩\u200D👧\u200D👦";
    private const string NorwegianFlag = "🇳🇴";
    private const string ComposedE = "e\u0301";

    [Theory]
    [InlineData(ThumbsUpMediumSkin)]
    [InlineData("👋🏿")]
    [InlineData(Family)]
    [InlineData("👩🏽\u200D💻")]
    [InlineData(NorwegianFlag)]
    [InlineData("🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F")] // Scotland: tag sequence
    [InlineData(ComposedE)]
    [InlineData("a\u0301\u0302\u0303")]
    [InlineData("한")]
    [InlineData("\u1100\u1161\u11A8")] // a Hangul syllable from conjoining jamo
    [InlineData("\r\n")]
    public void CountsOneUserPerceivedCharacter(string text) => Assert.Equal(1, Text.CountCharacters(text));

    [Theory]
    [InlineData("🇳🇴🇸🇪", 2)]
    [InlineData("🇳🇴🇸", 2)]
    [InlineData("e\u0301e\u0301", 2)]
    [InlineData("👍🏽👍", 2)]
    [InlineData("ab", 2)]
    public void CountsEachClusterSeparately(string text, int expected) => Assert.Equal(expected, Text.CountCharacters(text));

    [Theory]
    [InlineData("a")]
    [InlineData(ThumbsUpMediumSkin)]
    [InlineData(NorwegianFlag)]
    [InlineData(ComposedE)]
    public void AcceptsExactlyTwoHundredEightyClusters(string cluster) =>
        Assert.Null(Text.CheckMessage(string.Concat(Enumerable.Repeat(cluster, 280))));

    [Theory]
    [InlineData("a")]
    [InlineData(ThumbsUpMediumSkin)]
    [InlineData(NorwegianFlag)]
    [InlineData(ComposedE)]
    public void RejectsTwoHundredEightyOneClusters(string cluster) =>
        Assert.Equal("must be at most 280 characters", Text.CheckMessage(string.Concat(Enumerable.Repeat(cluster, 281))));

    [Fact]
    public void AcceptsOneCharacter() => Assert.Null(Text.CheckMessage("a"));

    [Fact]
    public void RejectsEmptyText() => Assert.NotNull(Text.CheckMessage(""));

    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\n")]
    [InlineData("\t")]
    [InlineData(" \n\t ")]
    [InlineData("\u00A0")] // no-break space
    [InlineData("\u2003")] // em space
    [InlineData("\u3000")] // ideographic space
    [InlineData("\u2028")] // line separator
    public void RejectsWhitespaceOnlyText(string text) =>
        Assert.Equal(Text.NotVisible, Text.CheckMessage(text));

    [Theory]
    [InlineData("line one\nline two")]
    [InlineData("name:\tvalue")]
    [InlineData("\n\tindented\n")]
    [InlineData("  padded  ")]
    public void AllowsNewlineAndTab(string text) => Assert.Null(Text.CheckMessage(text));

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\rb")]
    [InlineData("a\r\nb")]
    [InlineData("bell\u0007")]
    [InlineData("\u001Bescape")]
    [InlineData("del\u007F")]
    [InlineData("next\u0085line")]
    [InlineData("c1\u009F")]
    [InlineData("\u000B")]
    [InlineData("\u000C")]
    public void RejectsOtherControlCharacters(string text) =>
        Assert.Equal("must not contain control characters other than newline and tab", Text.CheckMessage(text));

    [Theory]
    [InlineData(0xD800, "")]
    [InlineData(0xDBFF, "a")]
    [InlineData(0xDC00, "a")]
    [InlineData(0xDFFF, "")]
    public void RejectsLoneSurrogates(int surrogate, string around)
    {
        var lone = ((char)surrogate).ToString();
        Assert.Equal("must be valid Unicode (no unpaired surrogates)", Text.CheckMessage(around + lone + around + "x"));
        Assert.Equal("must be valid Unicode (no unpaired surrogates)", Text.CheckMessage("x" + around + lone));
    }

    [Fact]
    public void RejectsSurrogatesInTheWrongOrder() =>
        Assert.NotNull(Text.CheckMessage("x\uDC00\uD800"));

    [Fact]
    public void AcceptsPairedSurrogates() => Assert.Null(Text.CheckMessage("\uD83D\uDE00"));

    [Fact]
    public void TitleMayBeEmpty() => Assert.Null(Text.CheckTitle(""));

    [Fact]
    public void TitleAcceptsOneHundredClusters() =>
        Assert.Null(Text.CheckTitle(string.Concat(Enumerable.Repeat(ThumbsUpMediumSkin, 100))));

    [Fact]
    public void TitleRejectsOneHundredAndOneClusters() =>
        Assert.Equal("must be at most 100 characters", Text.CheckTitle(new string('t', 101)));

    [Theory]
    [InlineData("Lunch\nplans")]
    [InlineData("Lunch\tplans")]
    [InlineData("Lunch\r")]
    [InlineData("\u0000")]
    [InlineData("\u007F")]
    public void TitleRejectsEveryControlCharacter(string title) =>
        Assert.Equal("must not contain control characters", Text.CheckTitle(title));

    [Fact]
    public void TitleRejectsLoneSurrogates() =>
        Assert.Equal("must be valid Unicode (no unpaired surrogates)", Text.CheckTitle("Lunch \uD800"));
}
