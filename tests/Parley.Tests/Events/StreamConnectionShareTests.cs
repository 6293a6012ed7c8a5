using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

/// <summary>
/// On real Kestrel with a small connection limit: one token opening streams in a loop used to
/// take every connection until the server refused everyone, <c>/health/live</c> included.
/// </summary>
public sealed class StreamConnectionShareTests(StreamConnectionShareTests.SmallServerFactory factory)
    : IClassFixture<StreamConnectionShareTests.SmallServerFactory>
{
    /// <summary>24 connections in all, as 10,000 are in production.</summary>
    public sealed class SmallServerFactory : KestrelParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Kestrel:Limits:MaxConcurrentConnections"] = "24" };
    }

    [Fact]
    public async Task OneUserOpeningStreamsInALoopLeavesConnectionsForEveryoneElse()
    {
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        var opened = new List<SseClient>();
        var answers = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            try
            {
                opened.Add(await SseClient.OpenAsync(alma, "/v1/events"));
                answers.Add("200");
            }
            catch (HttpRequestException ex)
            {
                answers.Add(ex.StatusCode is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "refused");
            }
        }

        Assert.Equal([.. Enumerable.Repeat("200", 16), .. Enumerable.Repeat("429", 14)], answers);

        // Everyone else still gets a connection: the liveness probe, and another user's stream and send.
        using var probe = factory.CreateClient();
        using var live = await probe.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var bobName = Names.User("bob");
        using var bob = await factory.CreateUserClientAsync(bobName);
        var thread = await bob.CreateThreadAsync(Names.User("carol"));
        await using (var bobs = await SseClient.OpenAsync(bob, $"/v1/threads/{thread}/events"))
        {
            await bob.SendAsync(thread, "still served");
            Assert.Equal([1], await bobs.ReadSeqsAsync(1));
        }

        foreach (var stream in opened)
        {
            await stream.DisposeAsync();
        }
    }
}
