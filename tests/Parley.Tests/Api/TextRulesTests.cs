using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>
/// The byte caps, the visible-character rule and the bidi-control rule, through every route that
/// takes text or a title: refused with 400 naming the field, and nothing stored.
/// </summary>
public sealed class TextRulesTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private const string Family = "👨\u200D👩\u200D👧\u200D👦"; // one character, 25 bytes

    public static TheoryData<string> RefusedTexts => new()
    {
        "Z" + new string('\u0301', 2_048), // one character, 4,097 bytes
        string.Concat(Enumerable.Repeat(Family, 164)), // 164 characters, 4,100 bytes
        "\u200B",
        "\u3164\u3164",
        "\u2800",
        "\u200D\uFE0F\u2060",
        "invoice\u202Efdp.exe",
        "\u202Aembedded\u202C",
    };

    [Theory]
    [MemberData(nameof(RefusedTexts))]
    public async Task RefusedTextIsBadRequestOnTheV1RouteAndStoresNothing(string text)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var thread = await client.CreateThreadAsync(Names.User());

        using var response = await client.PostJsonAsync($"/v1/threads/{thread}/messages", JsonSerializer.Serialize(new { text }));

        await response.AssertInvalidAsync("text");
        Assert.Equal(0, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }

    [Theory]
    [MemberData(nameof(RefusedTexts))]
    public async Task RefusedTextIsBadRequestOnTheSeedRouteAndStoresNothing(string text)
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(Names.User());

        using var response = await client.PostJsonAsync($"/thread/{thread}/{alma}", JsonSerializer.Serialize(new { message = text }));

        await response.AssertInvalidAsync("message");
        Assert.Equal(0, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }

    [Fact]
    public async Task TextOfExactly4KiBIsStoredAsSent()
    {
        var text = string.Concat(Enumerable.Repeat(Family, 163)) + new string('é', 10) + "a";
        using var client = await factory.CreateUserClientAsync(Names.User());
        var thread = await client.CreateThreadAsync(Names.User());

        var sent = await client.SendAsync(thread, text);

        Assert.Equal(text, sent.GetProperty("text").GetString());
    }

    public static TheoryData<string> RefusedTitles => new()
    {
        "   ",
        "\u200B",
        "\u2800",
        "Lunch \u202Eyadirf",
        string.Concat(Enumerable.Repeat(Family, 41)), // 41 characters, 1,025 bytes
    };

    [Theory]
    [MemberData(nameof(RefusedTitles))]
    public async Task RefusedTitleIsBadRequestAndCreatesNothing(string title)
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma);

        using var response = await client.PostJsonAsync("/v1/threads", JsonSerializer.Serialize(new { users = new[] { Names.User() }, title }));

        await response.AssertInvalidAsync("title");
        Assert.Equal(0, (await client.GetOkAsync("/v1/threads")).GetProperty("threads").GetArrayLength());
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task DotUsernamesAreRefusedWhereverAUsernameIsRead(string username)
    {
        using var service = factory.CreateServiceClient();

        using var token = await service.PostJsonAsync("/v1/tokens", JsonSerializer.Serialize(new { username }));
        using var thread = await service.PostJsonAsync("/v1/threads", JsonSerializer.Serialize(new { users = new[] { Names.User(), username } }));

        await token.AssertInvalidAsync("username");
        await thread.AssertInvalidAsync("users[1]");
    }
}
