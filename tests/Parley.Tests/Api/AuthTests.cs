using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.Tokens;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

public sealed class AuthTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Theory]
    [InlineData("GET", "/v1/threads")]
    [InlineData("POST", "/v1/threads")]
    [InlineData("GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000")]
    [InlineData("POST", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages")]
    [InlineData("GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages")]
    [InlineData("GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/messages/1")]
    [InlineData("PUT", "/v1/threads/0190b8a0-0000-7000-8000-000000000000/read")]
    [InlineData("POST", "/v1/tokens")]
    [InlineData("POST", "/thread")]
    [InlineData("GET", "/thread/0190b8a0-0000-7000-8000-000000000000")]
    [InlineData("POST", "/thread/0190b8a0-0000-7000-8000-000000000000/alma")]
    public async Task EveryApiRouteRequiresACredential(string method, string path)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : Json("{}") };
        using var response = await client.SendAsync(request);
        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("no header")]
    [InlineData("empty bearer")]
    [InlineData("basic scheme")]
    [InlineData("garbage")]
    [InlineData("three garbage parts")]
    [InlineData("expired")]
    [InlineData("expired a second ago")]
    [InlineData("signed with another key")]
    [InlineData("payload swapped")]
    [InlineData("wrong issuer")]
    [InlineData("wrong audience")]
    [InlineData("alg none")]
    [InlineData("HS512")]
    [InlineData("no exp")]
    [InlineData("no sub")]
    [InlineData("sub not a username")]
    public async Task UnacceptableCredentialIsUnauthorized(string credential)
    {
        var user = Names.User();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/threads");
        var header = credential switch
        {
            "no header" => null,
            "empty bearer" => "Bearer ",
            "basic scheme" => "Basic " + Convert.ToBase64String("alma:secret"u8.ToArray()),
            "garbage" => "Bearer not-a-credential",
            "three garbage parts" => "Bearer abc.def.ghi",
            "expired" => "Bearer " + Jwts.Create(user, expires: DateTime.UtcNow.AddHours(-1)),
            "expired a second ago" => "Bearer " + Jwts.Create(user, expires: DateTime.UtcNow.AddSeconds(-1)),
            "signed with another key" => "Bearer " + Jwts.Create(user, signingKey: Jwts.OtherKey),
            "payload swapped" => "Bearer " + Jwts.WithSwappedSubject(await factory.MintTokenAsync(Names.User()), user),
            "wrong issuer" => "Bearer " + Jwts.Create(user, issuer: "someone-else"),
            "wrong audience" => "Bearer " + Jwts.Create(user, audience: "someone-else"),
            "alg none" => "Bearer " + Jwts.WithAlgNone(user),
            "HS512" => "Bearer " + Jwts.Create(user, signingKey: ParleyFactory.SigningKey + ParleyFactory.SigningKey, algorithm: SecurityAlgorithms.HmacSha512),
            "no exp" => "Bearer " + Jwts.WithoutExpiry(user),
            "no sub" => "Bearer " + Jwts.Create(subject: null),
            "sub not a username" => "Bearer " + Jwts.Create("alma berg"),
            _ => throw new ArgumentOutOfRangeException(nameof(credential)),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        using var response = await client.SendAsync(request);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task TheTestTokenBuilderMakesTokensTheServerAccepts()
    {
        using var client = factory.CreateClientWith(Jwts.Create(Names.User()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);
    }

    [Theory]
    [InlineData("last character changed")]
    [InlineData("first character changed")]
    [InlineData("one character short")]
    [InlineData("one character extra")]
    [InlineData("upper case")]
    public async Task ServiceKeyOffByOneCharacterIsUnauthorized(string change)
    {
        var key = ParleyFactory.ServiceKey;
        var credential = change switch
        {
            "last character changed" => key[..^1] + (key[^1] == 'z' ? 'y' : 'z'),
            "first character changed" => (key[0] == 'u' ? 'v' : 'u') + key[1..],
            "one character short" => key[..^1],
            "one character extra" => key + "a",
            "upper case" => key.ToUpperInvariant(),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        using var client = factory.CreateClientWith(credential);
        using var response = await client.GetAsync($"/v1/threads?user={Names.User()}");
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AccessTokenInTheQueryIsNotAcceptedOnOrdinaryRoutes()
    {
        var token = await factory.MintTokenAsync(Names.User());
        using var client = factory.CreateClient();
        using var response = await client.GetAsync($"/v1/threads?access_token={token}");
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task ServiceKeyIsAccepted()
    {
        using var client = factory.CreateServiceClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/threads?user={Names.User()}")).StatusCode);
    }

    [Fact]
    public async Task MintedTokenActsAsItsUser()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(bob);
        var message = await client.SendAsync(thread, "hello");
        Assert.Equal(alma, message.GetProperty("username").GetString());
        using var threads = await client.GetAsync("/v1/threads");
        var listed = (await threads.ReadJsonAsync()).GetProperty("threads");
        Assert.Equal(thread, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task MintedTokenCannotSendAsAnotherMember()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(bob);
        using var response = await client.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = "hi", username = bob });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task MintedTokenCannotListAnotherUsersThreads()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        using var response = await client.GetAsync($"/v1/threads?user={Names.User()}");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task MintedTokenDoesNotSeeOtherUsersThreads()
    {
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(Names.User());
        using var response = await client.GetAsync($"/v1/threads/{thread}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MintedTokenIsCaseInsensitiveAboutItsOwnName()
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma.ToUpperInvariant());
        var thread = await client.CreateThreadAsync(Names.User());
        var message = await client.SendAsync(thread, "hi", alma.ToUpperInvariant());
        Assert.Equal(alma, message.GetProperty("username").GetString());
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }
}
