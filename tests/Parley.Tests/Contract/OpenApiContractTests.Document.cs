using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Parley.Tests.Contract;

public sealed partial class OpenApiContractTests
{
    private static readonly string[] OperationIds =
    [
        "createToken", "createDevToken", "createThread", "getThread", "listThreads", "sendMessage", "listMessages",
        "getMessage", "markRead", "streamThreadEvents", "streamUserEvents", "seedCreateThread", "seedPostMessage",
        "seedReadThread", "getLiveness", "getReadiness", "getInfo",
    ];

    [Fact]
    public async Task EveryOperationHasAClientNameAndADescription()
    {
        var contract = await OpenApiResponseValidator.For(factory).ContractAsync();
        var operations = contract.Paths.SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject())).ToList();
        Assert.Equal(OperationIds.Order(), operations.Select(o => o["operationId"]?.GetValue<string>()).Order());
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o["description"]?.GetValue<string>())));
    }

    [Fact]
    public async Task DocumentOffersNoStringsForNumbersAndNoTrailingSlash()
    {
        using var client = factory.CreateClient();
        var text = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = JsonNode.Parse(text)!;
        Assert.DoesNotContain("\"pattern\": \"^-?(?:0|[1-9]\\\\d*)$\"", text, StringComparison.Ordinal);
        foreach (var server in document["servers"]!.AsArray())
        {
            Assert.False(server!["url"]!.GetValue<string>().EndsWith('/'), $"The server URL ends with '/': {server}");
        }

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("integer", schemas["MessageResponse"]!["properties"]!["seq"]!["type"]!.GetValue<string>());
        Assert.Equal("string", schemas["MessageResponse"]!["properties"]!["created_at"]!["type"]!.GetValue<string>());
        Assert.DoesNotContain("unread_count", schemas["ThreadResponse"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["text"], schemas["SendMessageRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("trace_id", schemas["Problem"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("POST", "/v1/threads", 200, """{"id": "x"}""", "status 200 is not documented")]
    [InlineData("GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages/1", 200,
        """{"id": "0190b8a0-0000-7000-8000-000000000001", "thread_id": "0190b8a0-0000-7000-8000-000000000000", "seq": "1", "username": "a", "text": "t", "created_at": "2026-11-26T21:05:07.123Z"}""",
        "/seq")]
    [InlineData("GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages/1", 200,
        """{"id": "0190b8a0-0000-7000-8000-000000000001", "thread_id": "0190b8a0-0000-7000-8000-000000000000", "seq": 1, "username": "a", "text": "t", "created_at": "2026-11-26T21:05:07.123Z", "extra": 1}""",
        "extra")]
    [InlineData("GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages/1", 200,
        """{"id": "0190b8a0-0000-7000-8000-000000000001", "thread_id": "0190b8a0-0000-7000-8000-000000000000", "seq": 1, "username": "a", "text": "t", "created_at": "yesterday"}""",
        "/created_at")]
    [InlineData("GET", "/v1/threads", 404, """{"type": "t", "title": "t", "status": 404, "detail": "d", "trace_id": "x"}""", "status 404 is not documented")]
    [InlineData("DELETE", "/v1/threads", 404, """{"type": "t", "title": "t", "status": 404, "detail": "d", "trace_id": "x"}""", "must be 405")]
    [InlineData("GET", "/v1/threads", 401, """{"type": "t", "title": "t", "status": 401, "detail": "d"}""", "trace_id")]
    [InlineData("GET", "/v1/threads", 429, """{"type": "t", "title": "t", "status": 429, "detail": "d", "trace_id": "x"}""", "Retry-After")]
    public async Task ValidatorRefusesWhatTheDocumentDoesNotSay(string method, string path, int status, string body, string expected)
    {
        var contract = await OpenApiResponseValidator.For(factory).ContractAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("http://localhost" + path));
        using var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, status < 400 ? "application/json" : "application/problem+json"),
        };
        if (status == 401)
        {
            response.Headers.WwwAuthenticate.ParseAdd("Bearer");
        }

        var errors = contract.Check(request, response, body);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
