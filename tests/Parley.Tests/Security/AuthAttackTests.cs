using System.Net;
using System.Security.Cryptography;
using System.Text;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// Forged and misplaced credentials beyond those of the basic credential tests: algorithm
/// confusion, embedded keys, tokens not valid yet, secrets in the wrong place. Each is 401.
/// </summary>
public sealed class AuthAttackTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static readonly RSA Attacker = RSA.Create(2048);

    [Fact]
    public async Task TheForgeryHelperMakesTokensTheServerAccepts()
    {
        // The control: built the same way with the real key and valid times, a token works, so
        // each refusal below is about the one thing that differs.
        using var client = factory.CreateClientWith(ForgedTokens.Hs256(ForgedTokens.Payload(Names.User())));

        using var response = await client.GetAsync("/v1/threads");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("RS256 signed with the attacker's key")]
    [InlineData("RS256 with the attacker's public key embedded as jwk")]
    [InlineData("HS256 keyed with the attacker's RSA public key")]
    [InlineData("HS256 keyed with an empty key")]
    [InlineData("HS256 with a kid pointing at a file")]
    [InlineData("signature removed")]
    [InlineData("not valid for another hour")]
    [InlineData("valid from half a minute from now")]
    [InlineData("alg none in upper case")]
    public async Task AForgedTokenIsUnauthorized(string forgery)
    {
        var payload = ForgedTokens.Payload(Names.User());
        var token = forgery switch
        {
            "RS256 signed with the attacker's key" => ForgedTokens.Rs256(payload, Attacker),
            "RS256 with the attacker's public key embedded as jwk" => ForgedTokens.Rs256(payload, Attacker, ForgedTokens.EmbeddedJwkHeader(Attacker)),
            "HS256 keyed with the attacker's RSA public key" => ForgedTokens.Hs256(payload, Encoding.ASCII.GetBytes(Attacker.ExportSubjectPublicKeyInfoPem())),
            "HS256 keyed with an empty key" => ForgedTokens.Hs256(payload, []),
            "HS256 with a kid pointing at a file" => ForgedTokens.Hs256(payload, [], """{"alg":"HS256","typ":"JWT","kid":"../../../../../../dev/null"}"""),
            "signature removed" => ForgedTokens.Hs256(payload)[..(ForgedTokens.Hs256(payload).LastIndexOf('.') + 1)],
            "not valid for another hour" => ForgedTokens.Hs256(ForgedTokens.Payload(Names.User(), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2))),
            "valid from half a minute from now" => ForgedTokens.Hs256(ForgedTokens.Payload(Names.User(), DateTimeOffset.UtcNow.AddSeconds(30))),
            "alg none in upper case" => ForgedTokens.Hs256(payload, header: """{"alg":"NONE","typ":"JWT"}""")[..(ForgedTokens.Hs256(payload).LastIndexOf('.') + 1)],
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
        using var client = factory.CreateClientWith(token);

        using var response = await client.GetAsync("/v1/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/v1/events")]
    [InlineData("/v1/threads/0190b8a0-0000-7000-8000-000000000000/events")]
    public async Task TheServiceKeyIsRefusedInTheQueryStringEvenOnEventRoutes(string path)
    {
        // Query strings end up in proxy logs and browser history; only short-lived user tokens may go there.
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"{path}?access_token={ParleyFactory.ServiceKey}&user={Names.User()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TwoAuthorizationHeadersAreUnauthorizedEvenWhenOneIsTheServiceKey()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/threads?user={Names.User()}");
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + ParleyFactory.ServiceKey, "Bearer not-the-key"]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AHeaderTokenWinsOverAQueryTokenSoAStolenQueryTokenCannotRaiseAPrivilege()
    {
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, Names.User());
        using var asBob = factory.CreateClientWith(await factory.MintTokenAsync(bob));

        // Bob's header decides; alma's token in the query does not make bob a member.
        using var response = await asBob.GetAsync($"/v1/threads/{thread}/events?access_token={await factory.MintTokenAsync(alma)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("\"parley:service\":\"true\"")]
    [InlineData("\"parley:service\":true")]
    [InlineData("\"parley:service\":[\"true\"]")]
    public async Task ATokenSignedWithTheRealKeyThatClaimsServicePowersIsOnlyItsUser(string claim)
    {
        // Signed with the server's own signing key, as a leaked key or a careless integrator's
        // minting code could: the token is valid, but it is a user token, so it acts as its sub only.
        var token = ForgedTokens.Hs256(WithClaim(ForgedTokens.Payload(Names.User()), claim));
        using var client = factory.CreateClientWith(token);

        using var mint = await client.PostJsonAsync("/v1/tokens", $$"""{"username": "{{Names.User()}}"}""");
        using var list = await client.GetAsync($"/v1/threads?user={Names.User()}");

        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    [Fact]
    public async Task ATokenThatClaimsServicePowersWithoutASubjectIsUnauthorized()
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var token = ForgedTokens.Hs256($$"""{"iss":"parley","aud":"parley","exp":{{exp}},"parley:service":"true"}""");
        using var client = factory.CreateClientWith(token);

        using var mint = await client.PostJsonAsync("/v1/tokens", $$"""{"username": "{{Names.User()}}"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, mint.StatusCode);
    }

    [Theory]
    [InlineData("""{"alg":"HS256","typ":"JWT","crit":["x-parley-bound"],"x-parley-bound":true}""")]
    [InlineData("""{"alg":"HS256","typ":"JWT","crit":["exp"]}""")]
    [InlineData("""{"alg":"HS256","typ":"JWT","crit":[]}""")]
    public async Task ATokenWhoseHeaderListsCriticalExtensionsIsUnauthorized(string header)
    {
        // RFC 7515 4.1.11: a recipient that does not process every extension named in crit must
        // refuse the token. Parley processes none, so any crit is refused, whatever it lists.
        using var client = factory.CreateClientWith(ForgedTokens.Hs256(ForgedTokens.Payload(Names.User()), header: header));

        using var response = await client.GetAsync("/v1/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ATokenWithoutNotBeforeIsAcceptedUntilItExpires()
    {
        // nbf is optional (API.md asks only for sub and exp); when present it must have passed.
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        using var client = factory.CreateClientWith(ForgedTokens.Hs256($$"""{"sub":"{{Names.User()}}","iss":"parley","aud":"parley","exp":{{exp}}}"""));

        using var response = await client.GetAsync("/v1/threads");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task ANotBeforeThatIsNotATimeIsUnauthorized(string nbf)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        using var client = factory.CreateClientWith(
            ForgedTokens.Hs256($$"""{"sub":"{{Names.User()}}","iss":"parley","aud":"parley","nbf":{{nbf}},"exp":{{exp}}}"""));

        using var response = await client.GetAsync("/v1/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string WithClaim(string payload, string claim) => payload[..^1] + "," + claim + "}";
}
