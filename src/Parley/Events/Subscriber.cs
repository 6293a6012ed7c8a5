using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Parley.Events;

/// <summary>One event, serialised once and shared by every stream that carries it.</summary>
internal sealed record LiveEvent(string Type, long Seq, string Json)
{
    /// <summary>What the event's text holds in memory, the bulk of it.</summary>
    public long Bytes => Json.Length * (long)sizeof(char);
}

/// <summary>
/// One open stream's mailbox: bounded in events and in bytes, never blocking the hub. When it
/// overflows, the stream is cut (its client resumes from its last event id and loses nothing)
/// instead of slowing anyone else or holding more memory for a client that does not read.
/// </summary>
internal sealed class Subscriber(int capacity, Action onOverflow, long maxBytes = long.MaxValue)
{
    private readonly Channel<LiveEvent> _events = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _bytes;

    /// <summary>Completes once the mailbox is closed (or cut) and every event in it taken.</summary>
    public Task Completion => _events.Reader.Completion;

    public void Offer(LiveEvent item)
    {
        // Counted before writing, so that the reader never takes back bytes not yet counted.
        var waiting = Interlocked.Add(ref _bytes, item.Bytes);
        if (waiting <= maxBytes && _events.Writer.TryWrite(item))
        {
            return;
        }

        if (_events.Writer.TryComplete())
        {
            onOverflow();
        }
    }

    public bool TryRead([MaybeNullWhen(false)] out LiveEvent item)
    {
        if (!_events.Reader.TryRead(out item))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, -item.Bytes);
        return true;
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken ct) => _events.Reader.WaitToReadAsync(ct);

    /// <summary>The next event, waiting for one; throws <see cref="ChannelClosedException"/> once closed and empty.</summary>
    public async ValueTask<LiveEvent> ReadAsync(CancellationToken ct = default)
    {
        while (await WaitToReadAsync(ct))
        {
            if (TryRead(out var item))
            {
                return item;
            }
        }

        throw new ChannelClosedException();
    }

    public void Close() => _events.Writer.TryComplete();
}
