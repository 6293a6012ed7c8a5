using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>Text shaped like SQL, markup or escapes is data: stored and returned exactly as sent, on every route.</summary>
public sealed class VerbatimTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    public static TheoryData<string> Texts => new()
    {
        "'; DROP TABLE messages; --",
        "Robert'); DELETE FROM threads WHERE ('1'='1",
        "\" OR 1=1 --",
        "1; UPDATE thread_users SET read_seq = 0",
        "' UNION SELECT token, key FROM idempotency_keys --",
        "%' AND 1=0 UNION SELECT sqlite_version() --",
        "<script>alert('x')</script>",
        "\\x00 \\u0000 %00 \\\\",
        "  leading and trailing spaces  ",
        "tabs\tand\nnew lines\n",
        "👍🏽 e\u0301 🇫🇷 \u2067right-to-left\u2069",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task InjectionShapedTextComesBackExactlyAsSentFromEveryRoute(string text)
    {
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, bob);
        using var asAlma = await factory.CreateUserClientAsync(alma);

        var sent = await asAlma.SendAsync(thread, text);
        using (var seed = await asAlma.PostAsJsonAsync($"/thread/{thread}/{alma}", new { message = text }))
        {
            Assert.Equal(HttpStatusCode.NoContent, seed.StatusCode);
        }

        Assert.Equal(text, sent.GetProperty("text").GetString());
        var page = await asAlma.GetOkAsync($"/v1/threads/{thread}/messages");
        Assert.All(page.GetProperty("messages").EnumerateArray(), m => Assert.Equal(text, m.GetProperty("text").GetString()));
        Assert.Equal(text, (await asAlma.GetOkAsync($"/v1/threads/{thread}/messages/1")).GetProperty("text").GetString());
        var seedPage = await asAlma.GetOkAsync($"/thread/{thread}");
        Assert.All(seedPage.GetProperty("messages").EnumerateArray(), m => Assert.Equal(text, m.GetProperty("message").GetString()));
        var listed = (await asAlma.GetOkAsync("/v1/threads")).GetProperty("threads")[0];
        Assert.Equal(text, listed.GetProperty("last_message").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("--")]
    [InlineData("x--")]
    [InlineData("1-or-1")]
    [InlineData("select")]
    [InlineData("drop.table")]
    [InlineData("_")]
    [InlineData("@@version")]
    [InlineData("a@b.c")]
    public async Task InjectionShapedUsernamesWithinTheAlphabetAreStoredAndReturnedVerbatim(string shape)
    {
        var name = shape + Guid.NewGuid().ToString("N")[..8];
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(name, Names.User("bob"));

        var message = await service.SendAsync(thread, "hi", name);
        var listed = (await service.GetOkAsync($"/v1/threads?user={name}")).GetProperty("threads");

        Assert.Equal(name, message.GetProperty("username").GetString());
        Assert.Equal(thread, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains(name, (await service.GetOkAsync($"/v1/threads/{thread}")).GetProperty("users").Strings());
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("admin'--")]
    [InlineData("a; DROP TABLE threads")]
    [InlineData("name\0")]
    [InlineData("\"quoted\"")]
    public async Task UsernamesOutsideTheAlphabetAreRejectedAndStoreNothing(string username)
    {
        // The first client starts the server, which creates the database the probe reads.
        using var service = factory.CreateServiceClient();
        using var probe = new StoreProbe(factory.DataDirectory);
        var before = probe.Read();

        using var response = await service.PostAsJsonAsync("/v1/threads", new { users = new[] { username, Names.User() } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("users[0]", await response.ErrorFieldsAsync());
        Assert.Equal(before, probe.Read());
    }
}
