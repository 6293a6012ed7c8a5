using System.Threading.Channels;
using Parley.Events.Internal;
using Parley.Storage;

namespace Parley.Events;

/// <summary>
/// This instance's live delivery: streams subscribe here, and notices (from this instance or,
/// on PostgreSQL, from every instance) queue here and are handled one at a time on one
/// background loop, which hands each to the <see cref="Fanout"/>.
/// </summary>
internal sealed class LiveHub : BackgroundService
{
    /// <summary>Notices that may wait for the loop; past this, the oldest are dropped and counted.</summary>
    public const int QueueCapacity = 64 * 1024;

    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ILogger<LiveHub> _log;
    private readonly Channel<Notice> _notices;
    private readonly Fanout _fanout;
    private long _dropped;
    private long _droppedHandled;

    public LiveHub(IParleyStore store, TimeProvider time, ILogger<LiveHub> log)
    {
        (_time, _log) = (time, log);
        _fanout = new Fanout(store);

        // Every instance's writes arrive here, so a hub that falls behind must not grow memory
        // without end. The oldest notice goes first: a newer one for the same thread makes its
        // streams fill the gap from the store, and the loop recovers the rest after a drop.
        _notices = Channel.CreateBounded<Notice>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Notices dropped since start because the loop was behind by <see cref="QueueCapacity"/>.</summary>
    public long DroppedNotices => Interlocked.Read(ref _dropped);

    /// <summary>Hands a notice to the loop. Never blocks: a full queue drops its oldest notice.</summary>
    public void Enqueue(Notice notice) => _notices.Writer.TryWrite(notice);

    public IDisposable SubscribeThread(Guid threadId, Subscriber subscriber) => _fanout.Threads.Add(threadId, subscriber);

    public IDisposable SubscribeUser(string username, Subscriber subscriber) => _fanout.Users.Add(username, subscriber);

    /// <summary>
    /// After a stretch in which notices may have been lost (the cross-instance listener was
    /// disconnected, or this hub dropped some): offers every subscribed thread's newest message
    /// again, read from the store, so each thread stream fills whatever it missed from the
    /// store; a stream that has it already skips it. User streams cannot resume, so with
    /// <paramref name="endUserStreams"/> they are ended and their clients re-sync with
    /// <c>GET /v1/threads</c> as they reconnect.
    /// </summary>
    public Task ReannounceAsync(bool endUserStreams, CancellationToken ct) => _fanout.ReannounceAsync(endUserStreams, ct);

    /// <summary>
    /// Runs the loop until the host stops. A failure the loop did not expect (a bug, not an
    /// outage) is logged and the loop starts again after a short pause, so one bad notice
    /// never ends live delivery for the whole server, nor, by default, the host.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                EventsLog.HubLoopFailed(_log, RestartDelay.TotalMilliseconds, ex);
            }

            try
            {
                await Task.Delay(RestartDelay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var reader = _notices.Reader;
        while (await reader.WaitToReadAsync(ct))
        {
            for (var handled = 0; handled < QueueCapacity && reader.TryRead(out var notice); handled++)
            {
                await TryDispatchAsync(notice, ct);
            }

            // Caught up, or a queue's worth handled: the moment to recover from drops, once for
            // however many there were, without waiting for a lull that may not come.
            await RecoverFromDropsAsync(ct);
        }
    }

    private async Task TryDispatchAsync(Notice notice, CancellationToken ct)
    {
        try
        {
            await _fanout.DispatchAsync(notice, ct);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException)
        {
            // Streams catch up from the store on their next event or reconnect.
            EventsLog.DispatchFailed(_log, ex);
        }
    }

    private async Task RecoverFromDropsAsync(CancellationToken ct)
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped == _droppedHandled)
        {
            return;
        }

        EventsLog.NoticesDropped(_log, dropped - _droppedHandled, dropped);
        _droppedHandled = dropped;
        try
        {
            await _fanout.ReannounceAsync(endUserStreams: true, ct);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException)
        {
            EventsLog.DispatchFailed(_log, ex);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _fanout.Dispose();
    }
}
