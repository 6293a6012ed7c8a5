namespace Parley.Events.Internal;

/// <summary>
/// The streams of one thread or one user. Copy-on-write: the hub reads a snapshot without a
/// lock on every event; adding and removing (rare by comparison) take the lock.
/// </summary>
internal sealed class SubscriberSet
{
    private readonly Lock _lock = new();
    private bool _retired;

    public Subscriber[] Snapshot { get; private set; } = [];

    /// <summary>False when the set was emptied and retired from the index; use a new one.</summary>
    public bool TryAdd(Subscriber subscriber)
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            Snapshot = [.. Snapshot, subscriber];
            return true;
        }
    }

    /// <summary>Removes the subscriber; true when the set is now empty and retired.</summary>
    public bool Remove(Subscriber subscriber)
    {
        lock (_lock)
        {
            Snapshot = Array.FindAll(Snapshot, s => s != subscriber);
            _retired = Snapshot.Length == 0;
            return _retired;
        }
    }
}
