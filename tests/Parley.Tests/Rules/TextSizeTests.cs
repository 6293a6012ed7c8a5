using System.Text;
using Parley.Rules;

namespace Parley.Tests.Rules;

/// <summary>The byte caps beside the character caps: 4 KiB of UTF-8 for a message, 1 KiB for a title.</summary>
public sealed class TextSizeTests
{
    private const string Family = "👨\u200D👩\u200D👧\u200D👦"; // one character, 25 bytes

    [Fact]
    public void AcceptsAMessageOfExactly4096Bytes()
    {
        var text = string.Concat(Enumerable.Repeat(Family, 163)) + new string('é', 10) + "a";
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(text));

        Assert.Null(Text.CheckMessage(text));
    }

    [Fact]
    public void RejectsAMessageOf4097BytesUnder280Characters()
    {
        var text = string.Concat(Enumerable.Repeat(Family, 163)) + new string('é', 11);
        Assert.Equal(4097, Encoding.UTF8.GetByteCount(text));
        Assert.Equal(174, Text.CountCharacters(text));

        Assert.Equal("must be at most 4096 bytes of UTF-8", Text.CheckMessage(text));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2_047)]
    [InlineData(2_048)]
    [InlineData(30_000)]
    public void RejectsOneLetterCarryingAFloodOfCombiningMarksPast4KiB(int marks)
    {
        // One user-perceived character however many marks follow: only the byte cap stops it.
        var text = "Z" + string.Concat(Enumerable.Range(0, marks).Select(i => (char)(0x0300 + (i % 0x70))));
        Assert.Equal(1, Text.CountCharacters(text));

        Assert.Equal(1 + (marks * 2) > 4096 ? "must be at most 4096 bytes of UTF-8" : null, Text.CheckMessage(text));
    }

    [Fact]
    public void AcceptsATitleOfExactly1024BytesAndOneHundredCharacters()
    {
        var title = string.Concat(Enumerable.Repeat("👍🏽", 99)) + "é" + new string('\u0301', 115);
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(title));
        Assert.Equal(100, Text.CountCharacters(title));

        Assert.Null(Text.CheckTitle(title));
    }

    [Fact]
    public void RejectsATitleOf1025BytesUnder100Characters()
    {
        var title = string.Concat(Enumerable.Repeat(Family, 41));
        Assert.Equal(1025, Encoding.UTF8.GetByteCount(title));

        Assert.Equal("must be at most 1024 bytes of UTF-8", Text.CheckTitle(title));
    }
}
