using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

/// <summary>A live stream opened with a user token ends when the token expires: it must not outlive its credential.</summary>
public sealed class StreamExpiryTests(StreamExpiryTests.FakeClockFactory factory) : IClassFixture<StreamExpiryTests.FakeClockFactory>
{
    /// <summary>A server on a clock the test moves: token expiry needs no real waiting.</summary>
    public sealed class FakeClockFactory : ParleyFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Theory]
    [InlineData("thread", "header")]
    [InlineData("thread", "query")]
    [InlineData("user", "header")]
    [InlineData("user", "query")]
    public async Task AStreamDeliversUntilItsTokenExpiresAndThenEnds(string route, string credential)
    {
        var alma = Names.User("alma");
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, Names.User("bob"));
        var token = await factory.MintTokenAsync(alma, expiresIn: 60);
        var expires = new DateTimeOffset(new JsonWebToken(token).ValidTo, TimeSpan.Zero);
        var path = route == "thread" ? $"/v1/threads/{thread}/events" : "/v1/events";
        using var client = credential == "header" ? factory.CreateClientWith(token) : factory.CreateClient();
        if (credential == "query")
        {
            path += "?access_token=" + token;
        }

        await using var stream = await SseClient.OpenAsync(client, path);

        // A tenth of a second before exp the stream still delivers…
        factory.Clock.Advance(expires - factory.Clock.GetUtcNow() - TimeSpan.FromMilliseconds(100));
        await service.SendAsync(thread, "just in time", alma);
        var next = await stream.NextAsync();
        if (next?.EventType == "thread")
        {
            // On PostgreSQL the thread's creation is announced through the database, and may
            // reach a user stream opened just after it.
            next = await stream.NextAsync();
        }

        Assert.Equal("message", next?.EventType);

        // …and a tenth of a second after, it has ended (the client reconnects with a fresh token).
        factory.Clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Null(await stream.NextAsync());

        using var again = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task AServiceKeyStreamDoesNotExpire()
    {
        var alma = Names.User("alma");
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, Names.User("bob"));
        await using var stream = await SseClient.OpenAsync(service, $"/v1/threads/{thread}/events");

        factory.Clock.Advance(TimeSpan.FromDays(40));
        await service.SendAsync(thread, "a month later", alma);

        Assert.Equal([1], await stream.ReadSeqsAsync(1));
    }
}
