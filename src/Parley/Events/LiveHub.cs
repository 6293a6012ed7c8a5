using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Parley.Http;
using Parley.Messages;
using Parley.Storage;
using Parley.Threads;

namespace Parley.Events;

/// <summary>
/// This instance's subscribers, by thread and by user. Notices are handled one at a time on a
/// background loop: each new message is read from the store once, serialised once, and offered
/// to every interested stream without waiting for any of them.
/// </summary>
internal sealed partial class LiveHub(IParleyStore store, ILogger<LiveHub> log) : BackgroundService
{
    private readonly Channel<Notice> _notices = Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, SubscriberSet> _threads = new();
    private readonly ConcurrentDictionary<string, SubscriberSet> _users = new(StringComparer.Ordinal);

    // A thread's users never change after creation, so they can be remembered; the cap keeps
    // memory bounded on a server with millions of threads.
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<string>> _members = new();
    private const int MaxRememberedThreads = 100_000;

    public void Enqueue(Notice notice) => _notices.Writer.TryWrite(notice);

    public IDisposable SubscribeThread(Guid threadId, Subscriber subscriber) => Add(_threads, threadId, subscriber);

    public IDisposable SubscribeUser(string username, Subscriber subscriber) => Add(_users, username, subscriber);

    /// <summary>
    /// After a stretch in which notices may have been lost (the cross-instance listener was
    /// disconnected): offers every subscribed thread's newest message again, read from the
    /// store, so each thread stream fills whatever it missed from the store; a stream that has
    /// it already skips it. User streams cannot resume, so with <paramref name="endUserStreams"/>
    /// they are ended and their clients re-sync with <c>GET /v1/threads</c> as they reconnect.
    /// </summary>
    public async Task ReannounceAsync(bool endUserStreams, CancellationToken ct)
    {
        foreach (var (threadId, set) in _threads)
        {
            if (await store.GetThreadAsync(threadId, member: null, ct) is { LastMessage: { } last })
            {
                var item = new LiveEvent("message", last.Seq,
                    JsonSerializer.Serialize(last.ToResponse(), ParleyJsonContext.Default.MessageResponse));
                foreach (var subscriber in set.Snapshot)
                {
                    subscriber.Offer(item);
                }
            }
        }

        if (endUserStreams)
        {
            foreach (var subscriber in _users.Values.SelectMany(set => set.Snapshot))
            {
                subscriber.Close();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in _notices.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DispatchAsync(notice, stoppingToken);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or Microsoft.Data.Sqlite.SqliteException or TimeoutException)
            {
                // Streams catch up from the store on their next event or reconnect.
                LogDispatchFailed(log, ex);
            }
        }
    }

    private async Task DispatchAsync(Notice notice, CancellationToken ct)
    {
        var threadSubscribers = _threads.TryGetValue(notice.ThreadId, out var set) ? set.Snapshot : [];
        if (threadSubscribers.Length == 0 && _users.IsEmpty)
        {
            return;
        }

        if (notice.IsNewThread)
        {
            await AnnounceThreadAsync(notice.ThreadId, ct);
            return;
        }

        if (await store.GetMessageAsync(notice.ThreadId, notice.Seq, member: null, ct) is not { } message)
        {
            return;
        }

        var item = new LiveEvent("message", message.Seq,
            JsonSerializer.Serialize(message.ToResponse(), ParleyJsonContext.Default.MessageResponse));
        foreach (var subscriber in threadSubscribers)
        {
            subscriber.Offer(item);
        }

        if (!_users.IsEmpty)
        {
            foreach (var user in await MembersAsync(notice.ThreadId, ct))
            {
                if (_users.TryGetValue(user, out var userSet))
                {
                    foreach (var subscriber in userSet.Snapshot)
                    {
                        subscriber.Offer(item);
                    }
                }
            }
        }
    }

    private async Task AnnounceThreadAsync(Guid threadId, CancellationToken ct)
    {
        foreach (var user in await MembersAsync(threadId, ct))
        {
            if (!_users.TryGetValue(user, out var userSet) || userSet.Snapshot.Length == 0
                || await store.GetThreadAsync(threadId, user, ct) is not { } thread)
            {
                continue;
            }

            var item = new LiveEvent("thread", 0, JsonSerializer.Serialize(thread.ToResponse(), ParleyJsonContext.Default.ThreadResponse));
            foreach (var subscriber in userSet.Snapshot)
            {
                subscriber.Offer(item);
            }
        }
    }

    private async Task<IReadOnlyList<string>> MembersAsync(Guid threadId, CancellationToken ct)
    {
        if (_members.TryGetValue(threadId, out var members))
        {
            return members;
        }

        members = (await store.GetThreadAsync(threadId, member: null, ct))?.Users ?? [];
        if (_members.Count >= MaxRememberedThreads)
        {
            _members.Clear();
        }

        _members[threadId] = members;
        return members;
    }

    private static Subscription<TKey> Add<TKey>(ConcurrentDictionary<TKey, SubscriberSet> index, TKey key, Subscriber subscriber)
        where TKey : notnull
    {
        while (true)
        {
            var set = index.GetOrAdd(key, _ => new SubscriberSet());
            if (set.TryAdd(subscriber))
            {
                return new Subscription<TKey>(index, key, set, subscriber);
            }

            // The set emptied and was retired between GetOrAdd and TryAdd; take the new one.
        }
    }

    private sealed class Subscription<TKey>(
        ConcurrentDictionary<TKey, SubscriberSet> index, TKey key, SubscriberSet set, Subscriber subscriber) : IDisposable
        where TKey : notnull
    {
        public void Dispose()
        {
            subscriber.Close();
            if (set.Remove(subscriber))
            {
                index.TryRemove(new KeyValuePair<TKey, SubscriberSet>(key, set));
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Live delivery of a notice failed; streams will catch up from the store")]
    private static partial void LogDispatchFailed(ILogger log, Exception exception);
}
