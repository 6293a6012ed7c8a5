using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

public sealed class ThreadEventsTests(ThreadEventsTests.ReconnectingFactory factory) : IClassFixture<ThreadEventsTests.ReconnectingFactory>
{
    /// <summary>
    /// Reconnecting many times a second: the test's HttpClient drains a dropped stream for up to
    /// two seconds before it closes the connection (a browser closes at once), so here one user
    /// may hold more than the default 16 streams. <see cref="StreamLimitTests"/> covers the cap.
    /// </summary>
    public sealed class ReconnectingFactory : KestrelParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Parley:Limits:StreamsPerUser"] = "100" };
    }

    private async Task<(HttpClient Alma, string Token, string ThreadId)> ThreadAsync()
    {
        var token = await factory.MintTokenAsync(Names.User("alma"));
        var alma = factory.CreateClientWith(token);
        return (alma, token, await alma.CreateThreadAsync(Names.User("bob")));
    }

    [Fact]
    public async Task StreamDeliversAMessageSentAfterItOpened()
    {
        var (alma, _, thread) = await ThreadAsync();
        await alma.SendAsync(thread, "before");
        await using var events = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events");

        var sent = await alma.SendAsync(thread, "hello");

        var item = await events.NextAsync();
        Assert.NotNull(item);
        Assert.Equal("message", item.Value.EventType);
        Assert.Equal("2", item.Value.EventId);
        using var data = JsonDocument.Parse(item.Value.Data);
        Assert.Equal(sent.GetProperty("id").GetString(), data.RootElement.GetProperty("id").GetString());
        Assert.Equal("hello", data.RootElement.GetProperty("text").GetString());
        Assert.Equal(thread, data.RootElement.GetProperty("thread_id").GetString());
    }

    [Fact]
    public async Task ReconnectingWithLastEventIdReplaysExactlyTheMissedMessagesInOrder()
    {
        var (alma, _, thread) = await ThreadAsync();
        for (var i = 0; i < 5; i++)
        {
            await alma.SendAsync(thread, $"m{i}");
        }

        await using var events = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events", lastEventId: "2");
        Assert.Equal([3, 4, 5], await events.ReadSeqsAsync(3));

        await alma.SendAsync(thread, "live");
        Assert.Equal([6], await events.ReadSeqsAsync(1));
    }

    [Fact]
    public async Task AfterSeqResumesLikeLastEventIdAndTheHeaderWinsWhenBothAreSent()
    {
        var (alma, _, thread) = await ThreadAsync();
        for (var i = 0; i < 4; i++)
        {
            await alma.SendAsync(thread, $"m{i}");
        }

        await using (var byQuery = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events?after_seq=1"))
        {
            Assert.Equal([2, 3, 4], await byQuery.ReadSeqsAsync(3));
        }

        await using var both = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events?after_seq=1", lastEventId: "3");
        Assert.Equal([4], await both.ReadSeqsAsync(1));
    }

    [Fact]
    public async Task ConcurrentSendsDuringReconnectsNeverProduceAGapOrADuplicate()
    {
        var (alma, _, thread) = await ThreadAsync();
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested && count < 400)
            {
                await alma.SendAsync(thread, $"m{count++}");
            }

            return count;
        });

        // Read a few events, drop the connection, resume from the last id — many times over,
        // while the sender keeps going.
        var received = new List<long>();
        for (var round = 0; round < 25; round++)
        {
            var last = received.Count == 0 ? "0" : received[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var events = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events", lastEventId: last);
            received.AddRange(await events.ReadSeqsAsync(1 + (round % 4)));
        }

        await stop.CancelAsync();
        var total = await sender;
        await using (var rest = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events", lastEventId: received[^1].ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            received.AddRange(await rest.ReadSeqsAsync(total - received.Count));
        }

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), received);
    }

    [Fact]
    public async Task AccessTokenInTheQueryAuthenticatesTheStreamAndABadOneIsUnauthorized()
    {
        var (alma, token, thread) = await ThreadAsync();
        using var anonymous = factory.CreateClient();
        await using (var events = await SseClient.OpenAsync(anonymous, $"/v1/threads/{thread}/events?access_token={token}"))
        {
            await alma.SendAsync(thread, "hi");
            Assert.Equal([1], await events.ReadSeqsAsync(1));
        }

        using var bad = await anonymous.GetAsync($"/v1/threads/{thread}/events?access_token=x.y.z", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AccessTokenInTheQueryIsRefusedOnOtherRoutes()
    {
        var (_, token, thread) = await ThreadAsync();
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.GetAsync($"/v1/threads/{thread}/messages?access_token={token}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NonMemberAndUnknownThreadGetNotFound()
    {
        var (_, _, thread) = await ThreadAsync();
        using var stranger = await factory.CreateUserClientAsync(Names.User("eve"));
        using var response = await stranger.GetAsync($"/v1/threads/{thread}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var unknown = await stranger.GetAsync($"/v1/threads/{Guid.CreateVersion7()}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task BadLastEventIdIsABadRequest()
    {
        var (alma, _, thread) = await ThreadAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/threads/{thread}/events");
        request.Headers.Add("Last-Event-ID", "seven");
        using var response = await alma.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnIdleStreamCarriesPingComments()
    {
        var (alma, _, thread) = await ThreadAsync();
        using var response = await alma.GetAsync($"/v1/threads/{thread}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(": ping", line);
    }
}
