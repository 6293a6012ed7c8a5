using Parley.Rules;

namespace Parley.Tests.Rules;

public sealed class UsernamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("alma")]
    [InlineData("Alma.Berg")]
    [InlineData("alma_berg-2")]
    [InlineData("alma@example.com")]
    [InlineData("0123456789")]
    [InlineData("._-@")]
    [InlineData("...")]
    [InlineData(".alma")]
    [InlineData("alma..")]
    public void AcceptsLettersDigitsAndTheFourMarks(string username) => Assert.True(Usernames.IsValid(username));

    [Fact]
    public void AcceptsSixtyFourCharacters() => Assert.True(Usernames.IsValid(new string('a', 64)));

    [Fact]
    public void RejectsSixtyFiveCharacters() => Assert.False(Usernames.IsValid(new string('a', 65)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("alma berg")]
    [InlineData(" alma")]
    [InlineData("alma\n")]
    [InlineData("alma+1")]
    [InlineData("alma/bob")]
    [InlineData("alma:bob")]
    [InlineData("élise")]
    [InlineData("ålma")]
    [InlineData("\u212Aelvin")] // KELVIN SIGN, which lower-cases to an ASCII k
    [InlineData("\u0131rmak")] // dotless i
    [InlineData("ａｌｍａ")] // full-width letters
    [InlineData("alma\u0000")]
    [InlineData("١٢٣")] // Arabic-Indic digits
    [InlineData(".")] // dot segments: a path would lose them
    [InlineData("..")]
    public void RejectsAnythingElse(string? username) => Assert.False(Usernames.IsValid(username));

    [Theory]
    [InlineData("Alma", "alma")]
    [InlineData("ALMA@EXAMPLE.COM", "alma@example.com")]
    [InlineData("alma", "alma")]
    [InlineData("A_B-C.D", "a_b-c.d")]
    public void NormalizeLowerCases(string username, string expected) => Assert.Equal(expected, Usernames.Normalize(username));
}
