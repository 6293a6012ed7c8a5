using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Parley.Rules;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary><c>GET /v1/info</c>: open to anyone, like the health checks, and true to the limits the server enforces.</summary>
public sealed class InfoTests(InfoTests.LimitedFactory production, InfoTests.DevelopmentFactory development)
    : IClassFixture<InfoTests.LimitedFactory>, IClassFixture<InfoTests.DevelopmentFactory>
{
    private const string Origin = "https://chat.example.com";

    /// <summary>Production settings with a tiny rate limit, three streams per user and one CORS origin.</summary>
    public sealed class LimitedFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:RateLimit:PermitsPerSecond"] = "1",
            ["Parley:RateLimit:Burst"] = "2",
            ["Parley:Limits:StreamsPerUser"] = "3",
            ["Parley:Cors:AllowedOrigins:0"] = Origin,
        };
    }

    public sealed class DevelopmentFactory : ParleyFactory
    {
        protected override string Environment => "Development";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:Auth:AllowDevTokens"] = "true",
        };
    }

    [Fact]
    public async Task InfoAnswersWithoutACredentialWithEveryLimitTheServerEnforces()
    {
        using var client = production.CreateClient();
        using var response = await client.GetAsync("/v1/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var limits = (await response.ReadJsonAsync()).GetProperty("limits");
        var expected = new Dictionary<string, long>
        {
            ["text_characters"] = Limits.TextCharacters,
            ["text_bytes"] = Limits.TextBytes,
            ["title_characters"] = Limits.TitleCharacters,
            ["title_bytes"] = Limits.TitleBytes,
            ["username_characters"] = Limits.UsernameCharacters,
            ["users_per_thread"] = Limits.UsersPerThread,
            ["body_bytes"] = Limits.BodyBytes,
            ["idempotency_key_characters"] = Limits.IdempotencyKeyCharacters,
            ["message_page_default"] = Limits.DefaultMessagePage,
            ["message_page_max"] = Limits.MaxMessagePage,
            ["thread_page_default"] = Limits.DefaultThreadPage,
            ["thread_page_max"] = Limits.MaxThreadPage,
            ["token_lifetime_default_seconds"] = Limits.DefaultTokenLifetimeSeconds,
            ["token_lifetime_max_seconds"] = Limits.MaxTokenLifetimeSeconds,
            ["streams_per_user"] = 3,
        };
        Assert.Equal(expected, limits.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        Assert.Equal(280, limits.GetProperty("text_characters").GetInt32());
        Assert.Equal(4096, limits.GetProperty("text_bytes").GetInt32());
        Assert.Equal(100, limits.GetProperty("users_per_thread").GetInt32());
    }

    [Fact]
    public async Task StreamsPerUserIsSixteenUnlessConfigured()
    {
        using var configured = production.CreateClient();
        using var byDefault = development.CreateClient();

        var three = await configured.GetOkAsync("/v1/info");
        var sixteen = await byDefault.GetOkAsync("/v1/info");

        Assert.Equal(3, three.GetProperty("limits").GetProperty("streams_per_user").GetInt32());
        Assert.Equal(16, sixteen.GetProperty("limits").GetProperty("streams_per_user").GetInt32());
    }

    [Fact]
    public async Task VersionIsTheBuildsInformationalVersion()
    {
        using var client = production.CreateClient();

        var info = await client.GetOkAsync("/v1/info");

        var expected = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.False(string.IsNullOrEmpty(expected));
        Assert.Equal(expected, info.GetProperty("version").GetString());
    }

    [Fact]
    public async Task DevTokensSaysWhetherTheDevTokenRouteExists()
    {
        using var productionClient = production.CreateClient();
        using var developmentClient = development.CreateClient();

        var off = await productionClient.GetOkAsync("/v1/info");
        var on = await developmentClient.GetOkAsync("/v1/info");

        Assert.Equal(JsonValueKind.False, off.GetProperty("dev_tokens").ValueKind);
        Assert.Equal(JsonValueKind.True, on.GetProperty("dev_tokens").ValueKind);
        using var missing = await productionClient.PostJsonAsync("/v1/dev/tokens", """{"username": "alma"}""");
        using var issued = await developmentClient.PostJsonAsync("/v1/dev/tokens", """{"username": "alma"}""");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
    }

    [Fact]
    public async Task InfoIsNotRateLimitedLikeTheHealthChecks()
    {
        using var client = production.CreateClient();

        // A bucket of two refilling at one a second would refuse most of these.
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync("/v1/info");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("not-the-service-key")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbG1hIn0.c2lnbmF0dXJl")]
    public async Task AWrongCredentialDoesNotStopInfo(string credential)
    {
        using var client = production.CreateClientWith(credential);

        using var response = await client.GetAsync("/v1/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task InfoCarriesTheSecurityHeadersAndCorsForAConfiguredOrigin()
    {
        using var client = production.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/info");
        request.Headers.Add("Origin", Origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task OpenApiDescribesInfoAsNeedingNoCredential()
    {
        using var client = production.CreateClient();

        var document = await client.GetOkAsync("/openapi/v1.json");

        var operation = document.GetProperty("paths").GetProperty("/v1/info").GetProperty("get");
        Assert.Equal("getInfo", operation.GetProperty("operationId").GetString());
        Assert.Equal(0, operation.GetProperty("security").GetArrayLength());
        Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _));
    }

    [Fact]
    public async Task PostingToInfoIsMethodNotAllowed()
    {
        using var client = production.CreateClient();

        using var response = await client.PostAsync("/v1/info", new StringContent("{}", new MediaTypeHeaderValue("application/json")));

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
