using Parley.Events;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

/// <summary>
/// A replay must not pin a large part of a thread in the server for a client that reads slowly.
/// In memory, the response goes through a pipe that holds 64 KiB before the server's writes
/// wait, like Kestrel's response buffer, so what the server holds is measured, not timed: the
/// rows it has read from the store minus the events the client has taken.
/// </summary>
public sealed class ReplayMemoryTests(PageCountingFactory factory) : IClassFixture<PageCountingFactory>
{
    // 160 user-perceived characters of 25 bytes each: 4,000 bytes, near the 4 KiB cap, and
    // about 10 KB of escaped JSON per event, so the 64 KiB pipe holds only a handful.
    private static readonly string LargeText = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 160));

    [Fact]
    public async Task ASlowReaderReplayingALargeThreadHoldsNoMoreThanAPageOfItInTheServer()
    {
        const int count = 300;
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        for (var i = 0; i < count; i++)
        {
            await alma.SendAsync(thread, LargeText);
        }

        var before = factory.Counter.Rows;
        await using var stream = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events", lastEventId: "0");

        // One event at a time, checking after each what the server has read but the client not yet taken:
        // one replay page, plus the few events that fit in the response buffer and the client's parser.
        var bound = EventStreams.ReplayPage + 16;
        var most = 0L;
        for (var taken = 1; taken <= count; taken++)
        {
            Assert.Equal([taken], await stream.ReadSeqsAsync(1));
            var held = factory.Counter.Rows - before - taken;
            most = Math.Max(most, held);
            Assert.True(held <= bound, $"after {taken} events the server held {held} more messages than the client took (bound {bound})");
            if (taken == 100)
            {
                // Sent while the replay is running: they arrive live, after the replay, in order.
                await alma.SendAsync(thread, "live 1");
                await alma.SendAsync(thread, "live 2");
            }
        }

        Assert.Equal([count + 1, count + 2], await stream.ReadSeqsAsync(2));
        Assert.True(most > 0, "the server never read ahead at all; the measurement measures nothing");
    }
}
