using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

public sealed class ShutdownTests
{
    /// <summary>One user may keep 200 streams open here, far beyond the default cap.</summary>
    private sealed class ManyStreamsFactory : KestrelParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Parley:Limits:StreamsPerUser"] = "200" };
    }

    [Fact]
    public async Task OpenStreamsEndCleanlyWhenTheServerStops()
    {
        var factory = new ManyStreamsFactory();
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        var streams = new List<SseClient>();
        for (var i = 0; i < 200; i++)
        {
            streams.Add(await SseClient.OpenAsync(alma, i % 2 == 0 ? $"/v1/threads/{thread}/events" : "/v1/events"));
        }

        var stopping = factory.DisposeAsync().AsTask();

        // Every stream reaches its end instead of hanging, and the server finishes stopping.
        foreach (var stream in streams)
        {
            Assert.Null(await ReadToEndAsync(stream));
            await stream.DisposeAsync();
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<object?> ReadToEndAsync(SseClient stream)
    {
        try
        {
            while (await stream.NextAsync(TimeSpan.FromSeconds(30)) is not null)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // A connection closed by the stopping server ends the stream too.
        }

        return null;
    }
}
