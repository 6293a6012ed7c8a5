using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

/// <summary>A server whose pings are 15 s apart, as in production.</summary>
public sealed class ProductionPingFactory : KestrelParleyFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Parley:Events:PingSeconds"] = "15",
    };
}

public sealed class StreamOpeningTests(ProductionPingFactory factory) : IClassFixture<ProductionPingFactory>
{
    [Fact]
    public async Task ResponseHeadersArriveBeforeAnyEventOrPing()
    {
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));

        // Well inside the 15 s ping interval: the stream is open before it has anything to say.
        var opening = Task.WhenAll(
            SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events"),
            SseClient.OpenAsync(alma, "/v1/events"));
        var streams = await opening.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }
}
