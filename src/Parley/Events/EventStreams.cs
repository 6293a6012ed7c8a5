using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Parley.Http;
using Parley.Messages;
using Parley.Storage;

namespace Parley.Events;

/// <summary>
/// Where a thread stream starts: it replays the messages with seq in (<paramref name="After"/>,
/// <paramref name="Until"/>] from the store, <paramref name="Until"/> being the thread's last seq
/// when the stream opened; everything later arrives live.
/// </summary>
internal readonly record struct Replay(long After, long Until);

/// <summary>The event sequences behind the two SSE routes.</summary>
internal static class EventStreams
{
    /// <summary>
    /// Messages read from the store at a time. A page stays in memory until the client has taken
    /// it (the response buffer is Kestrel's, 64 KiB by default, and writes wait for the client), so
    /// this bounds what a slow reader pins: 32 texts of at most 4 KiB. Each page is one short query
    /// of its own; no read transaction stays open while the client reads.
    /// </summary>
    public const int ReplayPage = 32;
    private static readonly ReadOnlyMemory<byte> Ping = ": ping\n\n"u8.ToArray();

    /// <summary>
    /// One thread's messages after <see cref="Replay.After"/>, then live ones, in seq order with
    /// no gap and no duplicate. The caller subscribed before reading <see cref="Replay.Until"/>,
    /// so every message is either replayed from the store or arrives through the subscriber;
    /// anything the subscriber skipped (overflow elsewhere, a lost notice) is filled from the store.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<string>> ThreadAsync(
        IParleyStore store, Guid threadId, Replay replay, Subscriber subscriber, HttpResponse response, TimeSpan ping,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await OpenAsync(response, ct);
        var sent = replay.After;
        await foreach (var item in CatchUpAsync(store, threadId, sent, replay.Until + 1, ct))
        {
            sent = item.Seq;
            yield return ToSse(item);
        }

        while (await NextAsync(subscriber, response, ping, ct) is { } live)
        {
            if (live.Seq <= sent)
            {
                continue;
            }

            await foreach (var missed in CatchUpAsync(store, threadId, sent, live.Seq, ct))
            {
                sent = missed.Seq;
                yield return ToSse(missed);
            }

            // A catch-up cut short by stopping must not be followed by a later seq: that would be a gap.
            if (ct.IsCancellationRequested)
            {
                yield break;
            }

            sent = live.Seq;
            yield return ToSse(live);
        }
    }

    /// <summary>A user's live events across their threads: messages and new threads.</summary>
    public static async IAsyncEnumerable<SseItem<string>> UserAsync(
        Subscriber subscriber, HttpResponse response, TimeSpan ping, [EnumeratorCancellation] CancellationToken ct)
    {
        await OpenAsync(response, ct);

        // No event ids here: seqs are per thread, and this stream does not resume.
        while (await NextAsync(subscriber, response, ping, ct) is { } live)
        {
            yield return new SseItem<string>(live.Json, live.Type);
        }
    }

    // Send the headers now: a client (EventSource's onopen) should not wait for the first event.
    private static async Task OpenAsync(HttpResponse response, CancellationToken ct)
    {
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
    }

    private static SseItem<string> ToSse(LiveEvent item) =>
        new(item.Json, item.Type) { EventId = item.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Messages with seq in (after, before), oldest first, read from the store in pages.</summary>
    private static async IAsyncEnumerable<LiveEvent> CatchUpAsync(
        IParleyStore store, Guid threadId, long after, long before, [EnumeratorCancellation] CancellationToken ct)
    {
        while (after + 1 < before)
        {
            MessagePage? page = null;
            try
            {
                page = await store.GetMessagesAsync(threadId, member: null, new MessagePageQuery(ReplayPage, null, after), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The server is stopping or the client left: end the stream, do not fail it.
            }

            if (page is null || page.Messages.Count == 0)
            {
                yield break;
            }

            foreach (var message in page.Messages)
            {
                // A stream told to end (client gone, token expired, server stopping) sends no more.
                if (message.Seq >= before || ct.IsCancellationRequested)
                {
                    yield break;
                }

                after = message.Seq;
                yield return new LiveEvent("message", message.Seq,
                    JsonSerializer.Serialize(message.ToResponse(), ParleyJsonContext.Default.MessageResponse));
            }

            if (!page.HasMore)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The next event, writing a <c>: ping</c> comment whenever the stream has been idle for
    /// <paramref name="ping"/>; null when the stream should end (overflow, shutdown, client gone).
    /// SseItem has no comments, so the ping goes straight to the body. That is safe: the
    /// formatter is waiting on this enumerator and writes nothing meanwhile.
    /// </summary>
    private static async Task<LiveEvent?> NextAsync(Subscriber subscriber, HttpResponse response, TimeSpan ping, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (subscriber.TryRead(out var ready))
            {
                return ready;
            }

            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            idle.CancelAfter(ping);
            try
            {
                if (!await subscriber.WaitToReadAsync(idle.Token))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (!await TryPingAsync(response, ct))
                {
                    return null;
                }
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Writes a ping; false when the stream was told to end meanwhile (stopping, client gone).</summary>
    private static async Task<bool> TryPingAsync(HttpResponse response, CancellationToken ct)
    {
        try
        {
            await response.Body.WriteAsync(Ping, ct);
            await response.Body.FlushAsync(ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
