using System.Net;
using Microsoft.Extensions.Options;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

/// <summary>
/// <c>Parley:Limits:StreamsPerUser</c>: open live streams per user, both routes together. In
/// memory, a client that drops a stream is seen at once, so "close one, open one" needs no waiting.
/// </summary>
public sealed class StreamLimitTests(StreamLimitTests.ShareFactory shared) : IClassFixture<StreamLimitTests.ShareFactory>
{
    private const int Cap = 16;

    /// <summary>A server whose connection limit is 24: streams may take 22 of them, one user 16.</summary>
    public sealed class ShareFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kestrel:Limits:MaxConcurrentConnections"] = "24",
        };
    }

    [Fact]
    public async Task AUserMayKeepSixteenStreamsOpenAndTheSeventeenthWaitsUntilOneCloses()
    {
        using var alma = await shared.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        var streams = new List<SseClient>();
        for (var i = 0; i < Cap; i++)
        {
            // Both routes count, together.
            streams.Add(await SseClient.OpenAsync(alma, i % 2 == 0 ? $"/v1/threads/{thread}/events" : "/v1/events"));
        }

        foreach (var path in new[] { $"/v1/threads/{thread}/events", "/v1/events" })
        {
            using var refused = await alma.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            // The status first: a stream that was let through never ends, and its body cannot be read to the end.
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 must say when to come back");
        }

        await streams[3].DisposeAsync();
        streams[3] = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events");

        // The stream that took the freed place is a working one.
        await alma.SendAsync(thread, "still live");
        Assert.Equal([1], await streams[3].ReadSeqsAsync(1));
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnotherUserIsNotCountedAgainstTheFirst()
    {
        using var alma = await shared.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        await using var almasStreams = await OpenManyAsync(alma, "/v1/events", Cap);
        using var bob = await shared.CreateUserClientAsync(Names.User("bob"));

        await using var bobs = await SseClient.OpenAsync(bob, "/v1/events");
        using var refused = await alma.GetAsync($"/v1/threads/{thread}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task RefusedAndFailedOpeningsDoNotKeepAPlace()
    {
        using var alma = await shared.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        for (var i = 0; i < Cap * 2; i++)
        {
            using var missing = await alma.GetAsync($"/v1/threads/{Guid.CreateVersion7()}/events", HttpCompletionOption.ResponseHeadersRead);
            using var invalid = await alma.GetAsync($"/v1/threads/{thread}/events?after_seq=x", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        await using var streams = await OpenManyAsync(alma, $"/v1/threads/{thread}/events", Cap);
    }

    [Fact]
    public async Task TheServiceKeysStreamsAreNotCapped()
    {
        using var service = shared.CreateServiceClient();
        var user = Names.User("alma");
        var thread = await service.CreateThreadAsync(user, Names.User("bob"));

        await using var streams = await OpenManyAsync(service, $"/v1/threads/{thread}/events", Cap + 4);
        await using var more = await OpenManyAsync(service, $"/v1/events?user={user}", 2);
    }

    [Fact]
    public async Task WhenStreamsFillTheirShareOfConnectionsAUserIsAskedToComeBackLater()
    {
        // Of 24 connections, streams may take 22: alma's 16 and bob's 6 fill them.
        using var alma = await shared.CreateUserClientAsync(Names.User("alma"));
        using var bob = await shared.CreateUserClientAsync(Names.User("bob"));
        using var carol = await shared.CreateUserClientAsync(Names.User("carol"));
        await using var almas = await OpenManyAsync(alma, "/v1/events", Cap);
        await using var bobs = await OpenManyAsync(bob, "/v1/events", 6);

        using var refused = await carol.GetAsync("/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 must say when to come back");

        await almas.CloseOneAsync();
        await using var carols = await SseClient.OpenAsync(carol, "/v1/events");
    }

    [Theory]
    [InlineData("0", null, "Parley:Limits:StreamsPerUser")]
    [InlineData("1001", null, "Parley:Limits:StreamsPerUser")]
    [InlineData("16", "10", "Kestrel:Limits:MaxConcurrentConnections")]
    [InlineData("18", "18", "Kestrel:Limits:MaxConcurrentConnections")]
    public void ACapThatOneUserCouldUseToTakeEveryConnectionStopsStartUp(string perUser, string? connections, string named)
    {
        var settings = new Dictionary<string, string?> { ["Parley:Limits:StreamsPerUser"] = perUser };
        if (connections is not null)
        {
            settings["Kestrel:Limits:MaxConcurrentConnections"] = connections;
        }

        using var factory = new SettingsFactory(settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACapWithinTheStreamsShareOfConnectionsStarts()
    {
        // Of 17 connections, streams may take 16 (nine in ten, rounded so that at least one is left): exactly one cap.
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["Parley:Limits:StreamsPerUser"] = "16",
            ["Kestrel:Limits:MaxConcurrentConnections"] = "17",
        });
        using var client = factory.CreateClient();

        var info = await client.GetOkAsync("/v1/info");

        Assert.Equal(16, info.GetProperty("limits").GetProperty("streams_per_user").GetInt32());
    }

    private static async Task<OpenedStreams> OpenManyAsync(HttpClient client, string path, int count)
    {
        var streams = new OpenedStreams();
        for (var i = 0; i < count; i++)
        {
            streams.Add(await SseClient.OpenAsync(client, path));
        }

        return streams;
    }

    /// <summary>Streams a test holds open until it ends.</summary>
    private sealed class OpenedStreams : IAsyncDisposable
    {
        private readonly List<SseClient> _streams = [];

        public void Add(SseClient stream) => _streams.Add(stream);

        public async Task CloseOneAsync()
        {
            await _streams[0].DisposeAsync();
            _streams.RemoveAt(0);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var stream in _streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private sealed class SettingsFactory(IReadOnlyDictionary<string, string?> settings) : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
