using System.Threading.Channels;

namespace Parley.Events;

/// <summary>One event, serialised once and shared by every stream that carries it.</summary>
internal sealed record LiveEvent(string Type, long Seq, string Json);

/// <summary>
/// One open stream's mailbox: bounded, never blocking the hub. When it overflows, the stream
/// is cut (its client resumes from its last event id and loses nothing) instead of slowing
/// anyone else.
/// </summary>
internal sealed class Subscriber(int capacity, Action onOverflow)
{
    private readonly Channel<LiveEvent> _events = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<LiveEvent> Events => _events.Reader;

    public void Offer(LiveEvent item)
    {
        if (!_events.Writer.TryWrite(item) && _events.Writer.TryComplete())
        {
            onOverflow();
        }
    }

    public void Close() => _events.Writer.TryComplete();
}
