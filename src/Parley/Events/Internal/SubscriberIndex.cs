using System.Collections.Concurrent;

namespace Parley.Events.Internal;

/// <summary>
/// Open streams by key (a thread id or a username). A key's set appears with its first stream
/// and is retired with its last, so the index holds only keys someone is listening to.
/// </summary>
internal sealed class SubscriberIndex<TKey>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, SubscriberSet> _sets = new(comparer);

    public bool IsEmpty => _sets.IsEmpty;

    /// <summary>The keys someone is listening to now.</summary>
    public ICollection<TKey> Keys => _sets.Keys;

    /// <summary>The streams of <paramref name="key"/> at this moment, read without a lock.</summary>
    public Subscriber[] Find(TKey key)
    {
        if (!_sets.TryGetValue(key, out var set))
        {
            return [];
        }

        return set.Snapshot;
    }

    public IEnumerable<Subscriber> All() => _sets.Values.SelectMany(set => set.Snapshot);

    /// <summary>Adds the stream; disposing the result closes it and removes it.</summary>
    public IDisposable Add(TKey key, Subscriber subscriber)
    {
        while (true)
        {
            var set = _sets.GetOrAdd(key, _ => new SubscriberSet());
            if (set.TryAdd(subscriber))
            {
                return new Subscription(this, key, set, subscriber);
            }

            // The set emptied and was retired between GetOrAdd and TryAdd; take the new one.
        }
    }

    private sealed class Subscription(SubscriberIndex<TKey> index, TKey key, SubscriberSet set, Subscriber subscriber) : IDisposable
    {
        public void Dispose()
        {
            subscriber.Close();
            if (set.Remove(subscriber))
            {
                index._sets.TryRemove(new KeyValuePair<TKey, SubscriberSet>(key, set));
            }
        }
    }
}
