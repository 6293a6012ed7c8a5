using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class TokenCacheTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Fact]
    public async Task ATokenThatWasAcceptedBeforeIsRefusedOnceItExpires()
    {
        var alma = Names.User("alma");
        // exp is whole seconds from the second the token was minted: 3 leaves room for the
        // first requests even on a slow machine.
        var token = await factory.MintTokenAsync(alma, expiresIn: 3);
        using var client = factory.CreateClientWith(token);

        // Accepted now, and again from the cache.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);

        // Wait until the second after exp has certainly begun.
        var expires = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).ValidTo;
        var wait = expires.AddSeconds(1.1) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        using var expired = await client.GetAsync("/v1/threads");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task ATamperedCopyOfAnAcceptedTokenIsStillRefused()
    {
        var token = await factory.MintTokenAsync(Names.User("alma"));
        using var good = factory.CreateClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync("/v1/threads")).StatusCode);

        var tampered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        using var bad = factory.CreateClientWith(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("/v1/threads")).StatusCode);
    }
}
