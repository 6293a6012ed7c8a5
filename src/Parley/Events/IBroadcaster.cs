namespace Parley.Events;

/// <summary>
/// "Thread T has new seq S" (or, with seq 0, "thread T was created"). Notices carry no
/// message: every instance's <see cref="LiveHub"/> reads what it needs from the store, so a
/// lost notice costs latency, never a message.
/// </summary>
internal readonly record struct Notice(Guid ThreadId, long Seq)
{
    public bool IsNewThread => Seq == 0;
}

/// <summary>Carries notices to the live hubs of every server instance that shares the database.</summary>
internal interface IBroadcaster
{
    /// <summary>Announces a committed write. Never blocks the caller on subscribers.</summary>
    void Publish(Notice notice);
}

/// <summary>One server instance: notices go straight to this instance's hub.</summary>
internal sealed class InProcessBroadcaster(LiveHub hub) : IBroadcaster
{
    public void Publish(Notice notice) => hub.Enqueue(notice);
}
