using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

public sealed class TokensTests(ParleyFactory factory, TokensTests.DevTokensFactory devFactory)
    : IClassFixture<ParleyFactory>, IClassFixture<TokensTests.DevTokensFactory>
{
    public sealed class DevTokensFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["Parley:Auth:AllowDevTokens"] = "true" };
    }

    [Fact]
    public async Task MintingAnswersCreatedWithTokenUsernameAndExpiry()
    {
        var alma = Names.User();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/v1/tokens", new { username = alma.ToUpperInvariant(), expires_in = 3600 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(alma, body.GetProperty("username").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body.GetProperty("expires_at").GetString());
        Assert.Equal(alma, new JsonWebToken(body.GetProperty("token").GetString()).Subject);
    }

    [Theory]
    [InlineData(null, 86_400)]
    [InlineData(1L, 1)]
    [InlineData(3600L, 3600)]
    [InlineData(2_592_000L, 2_592_000)]
    public async Task ExpiresAtIsTheTokensExpiry(long? expiresIn, long lifetime)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/v1/tokens", new { username = Names.User(), expires_in = expiresIn });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var token = new JsonWebToken(body.GetProperty("token").GetString());
        var expiresAt = DateTimeOffset.Parse(body.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture);
        var exp = token.GetPayloadValue<long>("exp");
        Assert.Equal(exp, expiresAt.ToUnixTimeSeconds());
        Assert.Equal(0, expiresAt.Millisecond);
        Assert.Equal(lifetime, exp - token.GetPayloadValue<long>("iat"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2592001")]
    [InlineData("9223372036854775807")]
    public async Task ExpiresInOutsideOneSecondToThirtyDaysIsRejected(string expiresIn)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/v1/tokens", Json($$"""{"username":"{{Names.User()}}","expires_in":{{expiresIn}}}"""));
        await response.AssertInvalidAsync("expires_in");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"3600\"")]
    [InlineData("1e400")]
    [InlineData("true")]
    public async Task ExpiresInThatIsNotAWholeNumberIsBadRequest(string expiresIn)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/v1/tokens", Json($$"""{"username":"alma","expires_in":{{expiresIn}}}"""));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("expires_in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"username":""}""")]
    [InlineData("""{"username":"alma berg"}""")]
    [InlineData("""{"username":null}""")]
    public async Task MintingForAnInvalidUsernameIsRejected(string body)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/v1/tokens", Json(body));
        await response.AssertInvalidAsync("username");
    }

    [Fact]
    public async Task UserTokenCannotMintTokens()
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma);
        using var response = await client.PostAsJsonAsync("/v1/tokens", new { username = alma });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DevTokensAreNotFoundWhenDisabled()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/v1/dev/tokens", new { username = Names.User() });
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DevTokensAreCreatedWithoutCredentialWhenEnabled()
    {
        var alma = Names.User();
        using var anonymous = devFactory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/v1/dev/tokens", new { username = alma });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(alma, body.GetProperty("username").GetString());
        Assert.True(body.TryGetProperty("expires_at", out _));

        using var client = devFactory.CreateClientWith(body.GetProperty("token").GetString());
        var thread = await client.CreateThreadAsync(Names.User());
        Assert.Equal(alma, (await client.SendAsync(thread, "hi")).GetProperty("username").GetString());
    }

    [Fact]
    public async Task DevTokensRejectAnInvalidUsername()
    {
        using var anonymous = devFactory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/v1/dev/tokens", new { username = "not valid" });
        await response.AssertInvalidAsync("username");
    }
}
