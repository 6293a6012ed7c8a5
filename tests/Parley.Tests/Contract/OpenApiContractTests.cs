using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Contract;

/// <summary>
/// Drives every route through the statuses it can answer with a client that checks each
/// response against the server's own /openapi/v1.json (<see cref="OpenApiResponseValidator"/>):
/// any status, body or header the document does not describe fails the request.
/// </summary>
public sealed partial class OpenApiContractTests(OpenApiContractTests.ContractFactory factory)
    : IClassFixture<OpenApiContractTests.ContractFactory>
{
    private const string NoThread = "0190b8a0-0000-7000-8000-000000000000";

    /// <summary>Development tokens on, so their route is in the document too.</summary>
    public class ContractFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(Extra)
        {
            ["Parley:Auth:AllowDevTokens"] = "true",
        };

        protected virtual IReadOnlyDictionary<string, string?> Extra => new Dictionary<string, string?>();
    }

    [Fact]
    public async Task TokenRoutesAnswerAsDocumented()
    {
        using var service = ServiceClient();
        await ExpectAsync(HttpStatusCode.Created, service.PostAsync("/v1/tokens", Json("""{"username": "Alma", "expires_in": 60}""")));
        await ExpectAsync(HttpStatusCode.Created, service.PostAsync("/v1/tokens", Json("""{"username": "alma"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, service.PostAsync("/v1/tokens", Json("""{"username": "no spaces", "expires_in": 0}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, service.PostAsync("/v1/tokens", Json("""{"username": "alma", "expires_in": "60"}""")));
        await ExpectAsync(HttpStatusCode.UnsupportedMediaType, service.PostAsync("/v1/tokens", new StringContent("username=alma")));
        await ExpectAsync(HttpStatusCode.RequestEntityTooLarge, service.PostAsync("/v1/tokens", Json(Huge())));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, service.GetAsync("/v1/tokens"));

        using var anonymous = Client(null);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous.PostAsync("/v1/tokens", Json("""{"username": "alma"}""")));
        using var user = await UserClientAsync(Names.User());
        await ExpectAsync(HttpStatusCode.Forbidden, user.PostAsync("/v1/tokens", Json("""{"username": "alma"}""")));

        await ExpectAsync(HttpStatusCode.Created, anonymous.PostAsync("/v1/dev/tokens", Json($$"""{"username": "{{Names.User()}}"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, anonymous.PostAsync("/v1/dev/tokens", Json("""{"username": ""}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, anonymous.PostAsync("/v1/dev/tokens", Json("""{"username": """)));
    }

    [Fact]
    public async Task ThreadRoutesAnswerAsDocumented()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = ServiceClient();
        using var almaClient = await UserClientAsync(alma);
        var created = await ExpectAsync(HttpStatusCode.Created, almaClient.PostAsync("/v1/threads", Json($$"""{"users": ["{{bob}}"], "title": "Lunch"}""")));
        var thread = created.GetProperty("id").GetString();
        Assert.Equal(0, created.GetProperty("unread_count").GetInt32());
        var byService = await ExpectAsync(HttpStatusCode.Created, service.PostAsync("/v1/threads", Json($$"""{"users": ["{{alma}}", "{{bob}}"]}""")));
        Assert.False(byService.TryGetProperty("unread_count", out _), "the service key has no unread count");

        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PostAsync("/v1/threads", Json("""{"users": []}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PostAsync("/v1/threads", Json("""{"users": "bob"}""")));
        await ExpectAsync(HttpStatusCode.Created, almaClient.PostJsonAsync("/v1/threads", $$"""{"users": ["{{bob}}"]}""", "key-1"));
        await ExpectAsync(HttpStatusCode.UnprocessableEntity, almaClient.PostJsonAsync("/v1/threads", $$"""{"users": ["{{bob}}"], "title": "x"}""", "key-1"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, almaClient.DeleteAsync("/v1/threads"));

        await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync($"/v1/threads/{thread}"));
        await ExpectAsync(HttpStatusCode.OK, service.GetAsync($"/v1/threads/{thread}"));
        await ExpectAsync(HttpStatusCode.OK, service.GetAsync($"/v1/threads/{thread}?user={bob}"));
        await ExpectAsync(HttpStatusCode.BadRequest, service.GetAsync($"/v1/threads/{thread}?user=not%20valid"));
        await ExpectAsync(HttpStatusCode.Forbidden, service.GetAsync($"/v1/threads/{thread}?user={Names.User()}"));
        await ExpectAsync(HttpStatusCode.NotFound, almaClient.GetAsync($"/v1/threads/{NoThread}"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, almaClient.DeleteAsync($"/v1/threads/{thread}"));

        await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync("/v1/threads?limit=1"));
        await ExpectAsync(HttpStatusCode.OK, service.GetAsync($"/v1/threads?user={bob}"));
        await ExpectAsync(HttpStatusCode.BadRequest, service.GetAsync("/v1/threads"));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.GetAsync("/v1/threads?limit=0"));
        await ExpectAsync(HttpStatusCode.Forbidden, almaClient.GetAsync($"/v1/threads?user={bob}"));
    }

    [Fact]
    public async Task SeedRoutesAnswerAsDocumented()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = ServiceClient();
        var created = await ExpectAsync(HttpStatusCode.Created, service.PostAsync("/thread", Json($$"""{"users": ["{{alma}}", "{{bob}}"]}""")));
        var thread = created.GetProperty("thread_id").GetString();
        await ExpectAsync(HttpStatusCode.BadRequest, service.PostAsync("/thread", Json("""{"users": ["alma"]}""")));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, service.PutAsync("/thread", Json("{}")));

        await ExpectAsync(HttpStatusCode.NoContent, service.PostAsync($"/thread/{thread}/{alma}", Json("""{"message": "hi"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, service.PostAsync($"/thread/{thread}/{alma}", Json("""{"message": ""}""")));
        await ExpectAsync(HttpStatusCode.Forbidden, service.PostAsync($"/thread/{thread}/{Names.User()}", Json("""{"message": "hi"}""")));
        await ExpectAsync(HttpStatusCode.NotFound, service.PostAsync($"/thread/{NoThread}/{alma}", Json("""{"message": "hi"}""")));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, service.GetAsync($"/thread/{thread}/{alma}"));

        var read = await ExpectAsync(HttpStatusCode.OK, service.GetAsync($"/thread/{thread}"));
        Assert.Equal("hi", read.GetProperty("messages")[0].GetProperty("message").GetString());
        await ExpectAsync(HttpStatusCode.NotFound, service.GetAsync($"/thread/{NoThread}"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, service.DeleteAsync($"/thread/{thread}"));
    }

    [Fact]
    public async Task HealthRoutesAnswerAsDocumented()
    {
        using var anonymous = Client(null);
        using var live = await anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private HttpClient Client(string? credential) => ClientOf(factory, credential);

    private HttpClient ServiceClient() => Client(ParleyFactory.ServiceKey);

    private async Task<HttpClient> UserClientAsync(string username) => Client(await factory.MintTokenAsync(username));

    /// <summary>A client of <paramref name="server"/> whose every response is checked against its OpenAPI document.</summary>
    private static HttpClient ClientOf(ParleyFactory server, string? credential)
    {
        var client = server.CreateDefaultClient(OpenApiResponseValidator.For(server));
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return client;
    }

    /// <summary>Awaits the (already validated) response, asserts its status and returns its JSON body, if any.</summary>
    private static async Task<JsonElement> ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) != true
            ? default
            : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Huge() => $$"""{"username": "{{new string('a', 70 * 1024)}}"}""";
}
