using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class TokenCacheTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Fact]
    public async Task ATokenThatWasAcceptedBeforeIsRefusedOnceItExpires()
    {
        var alma = Names.User("alma");
        var token = await factory.MintTokenAsync(alma, expiresIn: 1);
        using var client = factory.CreateClientWith(token);

        // Accepted now, and again from the cache.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);

        // exp is whole seconds: two seconds later it has certainly passed.
        await Task.Delay(TimeSpan.FromSeconds(2.1));
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
