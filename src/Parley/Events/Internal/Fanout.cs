using System.Text.Json;
using Parley.Http;
using Parley.Messages;
using Parley.Storage;
using Parley.Threads;

namespace Parley.Events.Internal;

/// <summary>
/// The streams of this instance, by thread and by user, and the work of one notice: what it
/// announces is read from the store once, serialised once, and offered to every interested
/// stream without waiting for any of them. Called by the hub's loop, one notice at a time.
/// </summary>
internal sealed class Fanout(IParleyStore store) : IDisposable
{
    private readonly ThreadMembers _members = new(store);

    public SubscriberIndex<Guid> Threads { get; } = new();

    public SubscriberIndex<string> Users { get; } = new(StringComparer.Ordinal);

    public async Task DispatchAsync(Notice notice, CancellationToken ct)
    {
        var threadSubscribers = Threads.Find(notice.ThreadId);
        if (threadSubscribers.Length == 0 && Users.IsEmpty)
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

        var item = ToEvent(message);
        Offer(threadSubscribers, item);
        if (Users.IsEmpty)
        {
            return;
        }

        foreach (var user in await _members.GetAsync(notice.ThreadId, ct))
        {
            Offer(Users.Find(user), item);
        }
    }

    /// <summary>See <see cref="LiveHub.ReannounceAsync"/>.</summary>
    public async Task ReannounceAsync(bool endUserStreams, CancellationToken ct)
    {
        foreach (var threadId in Threads.Keys)
        {
            if (await store.GetThreadAsync(threadId, member: null, ct) is { LastMessage: { } last })
            {
                Offer(Threads.Find(threadId), ToEvent(last));
            }
        }

        if (!endUserStreams)
        {
            return;
        }

        foreach (var subscriber in Users.All())
        {
            subscriber.Close();
        }
    }

    // A new thread is announced to each member with that member's own view (unread count).
    private async Task AnnounceThreadAsync(Guid threadId, CancellationToken ct)
    {
        foreach (var user in await _members.GetAsync(threadId, ct))
        {
            var subscribers = Users.Find(user);
            if (subscribers.Length == 0)
            {
                continue;
            }

            if (await store.GetThreadAsync(threadId, user, ct) is not { } thread)
            {
                continue;
            }

            Offer(subscribers, new LiveEvent("thread", 0, JsonSerializer.Serialize(thread.ToResponse(), ParleyJsonContext.Default.ThreadResponse)));
        }
    }

    private static LiveEvent ToEvent(MessageRecord message) =>
        new("message", message.Seq, JsonSerializer.Serialize(message.ToResponse(), ParleyJsonContext.Default.MessageResponse));

    private static void Offer(Subscriber[] subscribers, LiveEvent item)
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(item);
        }
    }

    public void Dispose() => _members.Dispose();
}
