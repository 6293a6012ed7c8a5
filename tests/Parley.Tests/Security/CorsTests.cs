using System.Net;
using Microsoft.Extensions.Options;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>CORS is off unless Parley:Cors:AllowedOrigins lists explicit origins; then only those get it.</summary>
public sealed class CorsTests(ParleyFactory plain, CorsTests.OneOriginFactory configured)
    : IClassFixture<ParleyFactory>, IClassFixture<CorsTests.OneOriginFactory>
{
    private const string Allowed = "https://chat.example.com";
    private const string Other = "https://evil.example.net";

    [Fact]
    public async Task WithoutConfiguredOriginsNoResponseAllowsAnotherOrigin()
    {
        using var client = plain.CreateServiceClient();

        using var preflight = await client.SendAsync(Preflight(Allowed));
        using var request = await client.SendAsync(Get(Allowed));

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.False(request.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AConfiguredOriginMayCallWithTheApisHeaders()
    {
        using var client = configured.CreateServiceClient();

        using var preflight = await client.SendAsync(Preflight(Allowed));
        using var request = await client.SendAsync(Get(Allowed));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Allowed, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        var headers = string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant();
        Assert.Contains("AUTHORIZATION", headers, StringComparison.Ordinal);
        Assert.Contains("IDEMPOTENCY-KEY", headers, StringComparison.Ordinal);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Equal(Allowed, Assert.Single(request.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task AnOriginThatIsNotListedGetsNoCorsHeaders()
    {
        using var client = configured.CreateServiceClient();

        using var preflight = await client.SendAsync(Preflight(Other));
        using var request = await client.SendAsync(Get(Other));

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(request.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("chat.example.com")]
    [InlineData("https://chat.example.com/app")]
    [InlineData("ftp://chat.example.com")]
    public void AnOriginThatIsNotExplicitStopsStartUp(string origin)
    {
        using var factory = new OriginFactory(origin);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Parley:Cors:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/threads");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }

    private static HttpRequestMessage Get(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/threads?user={Names.User()}");
        request.Headers.Add("Origin", origin);
        return request;
    }

    public class OriginFactory(string origin) : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:Cors:AllowedOrigins:0"] = origin,
        };
    }

    public sealed class OneOriginFactory() : OriginFactory(Allowed);
}
