using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// A path with a <c>.</c> or <c>..</c> segment never reaches another route: Kestrel would resolve
/// <c>POST /thread/{id}/..</c> into <c>POST /thread</c>; Parley answers 400 instead.
/// Sent raw, because HttpClient resolves dot segments itself before sending.
/// </summary>
public sealed class DotSegmentTests(KestrelParleyFactory server) : IClassFixture<KestrelParleyFactory>
{
    [Theory]
    [InlineData("..")]
    [InlineData("%2E%2E")]
    [InlineData("%2e.")]
    [InlineData(".")]
    public async Task ASeedPostToADotUsernameIsRefusedAndCreatesNoThread(string segment)
    {
        var (alma, token, thread) = await NewThreadAsync();
        var body = $$"""{"users": ["{{alma}}", "{{Names.User()}}"], "message": "hi"}""";

        var response = await RawHttp.SendAsync(server,
            RawHttp.Head(server, $"POST /thread/{thread}/{segment} HTTP/1.1", token, "Content-Type: application/json", $"Content-Length: {body.Length}"), body);

        Assert.Contains("'.' or '..'", response.AssertProblem(400), StringComparison.Ordinal);
        using var client = server.CreateClientWith(token);
        Assert.Equal([thread], (await client.GetOkAsync("/v1/threads")).GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(0, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }

    [Theory]
    [InlineData("GET /v1/threads/{thread}/messages/.. HTTP/1.1")]
    [InlineData("GET /v1/threads/{thread}/messages/../.. HTTP/1.1")]
    [InlineData("GET /v1/threads/{thread}/./messages HTTP/1.1")]
    [InlineData("GET /./v1/threads HTTP/1.1")]
    [InlineData("GET /v1/threads/{thread}/messages/..?limit=1 HTTP/1.1")]
    public async Task AnyRequestWithADotSegmentIsBadRequest(string requestLine)
    {
        var (_, token, thread) = await NewThreadAsync();

        var response = await RawHttp.SendAsync(server, RawHttp.Head(server, requestLine.Replace("{thread}", thread, StringComparison.Ordinal), token));

        response.AssertProblem(400);
    }

    [Theory]
    [InlineData("...")]
    [InlineData(".alma")]
    [InlineData("%2E%2E%2E")]
    public async Task SegmentsThatMerelyHaveDotsAreOrdinary(string segment)
    {
        var (_, token, thread) = await NewThreadAsync();

        var response = await RawHttp.SendAsync(server,
            RawHttp.Head(server, $"GET /v1/threads/{thread}/messages/{segment} HTTP/1.1", token));

        response.AssertProblem(404);
    }

    [Fact]
    public async Task TheSameSeedPostWithTheMembersNameIsStored()
    {
        // The control: without the dot segment, the raw request above posts a message.
        var (alma, token, thread) = await NewThreadAsync();
        const string Body = """{"message": "hi"}""";

        var response = await RawHttp.SendAsync(server,
            RawHttp.Head(server, $"POST /thread/{thread}/{alma} HTTP/1.1", token, "Content-Type: application/json", $"Content-Length: {Body.Length}"), Body);

        Assert.Equal(204, response.Status);
    }

    private async Task<(string Alma, string Token, string Thread)> NewThreadAsync()
    {
        var alma = Names.User("alma");
        var token = await server.MintTokenAsync(alma);
        using var client = server.CreateClientWith(token);
        return (alma, token, await client.CreateThreadAsync(Names.User("bob")));
    }
}
