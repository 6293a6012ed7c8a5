using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class TokenCacheTests(TokenCacheTests.FakeClockFactory factory) : IClassFixture<TokenCacheTests.FakeClockFactory>
{
    /// <summary>A server whose clock moves only when a test moves it.</summary>
    public sealed class FakeClockFactory : ParleyFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task ATokenThatWasAcceptedBeforeIsRefusedOnceItExpires()
    {
        var token = await factory.MintTokenAsync(Names.User("alma"), expiresIn: 60);
        using var client = factory.CreateClientWith(token);

        // Accepted now, and again from the cache, up to the last second of its lifetime.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/threads")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        using var expired = await client.GetAsync("/v1/threads");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("The token expired at", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
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
