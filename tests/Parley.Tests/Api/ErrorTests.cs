using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

public sealed class ErrorTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Theory]
    [InlineData("""{"users": ["alma", "bob"]""", "line 1")]
    [InlineData("""{"users": ["alma" "bob"]}""", "byte 19")]
    [InlineData("""{"users": ["alma", "bob"],}""", "line 1")]
    [InlineData("{\n  \"users\": [\n    \"alma\",\n    bob\n  ]\n}", "line 4")]
    [InlineData("""{'users': ['alma', 'bob']}""", "line 1")]
    [InlineData("", "line 1")]
    public async Task InvalidJsonIsBadRequestSayingWhere(string body, string where)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/v1/threads", Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("not valid JSON", detail, StringComparison.Ordinal);
        Assert.Contains(where, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/threads", """{"users": "alma"}""", "$.users")]
    [InlineData("/v1/threads", """{"users": [1, 2]}""", "$.users[0]")]
    [InlineData("/v1/threads", """{"users": ["alma", "bob"], "title": 7}""", "$.title")]
    [InlineData("/v1/tokens", """{"username": ["alma"]}""", "$.username")]
    [InlineData("/v1/tokens", """{"username": "alma", "expires_in": "soon"}""", "$.expires_in")]
    [InlineData("/thread", """{"users": {"alma": true}}""", "$.users")]
    public async Task WrongTypeIsBadRequestSayingWhere(string path, string body, string where)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync(path, Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("wrong type", detail, StringComparison.Ordinal);
        Assert.Contains(where, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"alma\"")]
    [InlineData("42")]
    public async Task BodyThatIsNotAnObjectIsBadRequest(string body)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/v1/threads", Json(body));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BodyThatIsNotUtf8IsBadRequestAsInvalidJson()
    {
        using var service = factory.CreateServiceClient();
        var bytes = Encoding.UTF8.GetBytes("""{"users": ["alma", "bob"], "title": "caf_"}""");
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0xE9; // Latin-1 é, not UTF-8
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await service.PostAsync("/v1/threads", content);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeeplyNestedJsonIsBadRequest()
    {
        using var service = factory.CreateServiceClient();
        var nested = new string('[', 1000) + new string(']', 1000);
        using var response = await service.PostAsync("/v1/threads", Json($$"""{"users": ["alma", "bob"], "extra": {{nested}}}"""));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BrokenRuleIsBadRequestWithErrorsPerField()
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/v1/threads", Json("""{"users": ["alma", "not valid", ""], "title": "a\u0000b"}"""));
        var problem = await response.AssertInvalidAsync("users[1]");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("users[2]", out _));
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.False(errors.TryGetProperty("users[0]", out _));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=ten")]
    [InlineData("before_seq=-1")]
    [InlineData("after_seq=x")]
    public async Task BadQueryParameterIsBadRequestWithErrors(string query)
    {
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(Names.User(), Names.User());
        using var response = await service.GetAsync($"/v1/threads/{thread}/messages?{query}");
        await response.AssertInvalidAsync(query[..query.IndexOf('=', StringComparison.Ordinal)]);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here")]
    [InlineData("GET", "/nothing-here")]
    [InlineData("POST", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/nothing")]
    [InlineData("GET", "/thread/0190b8a0-0000-7000-8000-000000000000/alma/extra")]
    public async Task UnknownRouteIsNotFound(string method, string path)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("DELETE", "/v1/threads")]
    [InlineData("PUT", "/v1/threads")]
    [InlineData("DELETE", "/v1/threads/0190b8a0-0000-7000-8000-000000000000")]
    [InlineData("PATCH", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages")]
    [InlineData("POST", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/read")]
    [InlineData("GET", "/v1/tokens")]
    [InlineData("PUT", "/thread")]
    [InlineData("GET", "/thread/0190b8a0-0000-7000-8000-000000000000/alma")]
    [InlineData("DELETE", "/thread/0190b8a0-0000-7000-8000-000000000000")]
    public async Task WrongMethodOnAKnownRouteIsMethodNotAllowed(string method, string path)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.NotEmpty(response.Content.Headers.Allow);
    }
}
