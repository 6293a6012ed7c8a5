using Microsoft.Extensions.Caching.Memory;
using Parley.Storage;

namespace Parley.Events.Internal;

/// <summary>
/// Each thread's users, remembered: they never change after creation. Size-limited, so a
/// server with millions of threads keeps only the threads it can afford; the cache compacts
/// itself when full and a thread it let go is read again from the store.
/// </summary>
internal sealed class ThreadMembers(IParleyStore store) : IDisposable
{
    private const int MaxThreads = 100_000;

    private readonly MemoryCache _users = new(new MemoryCacheOptions { SizeLimit = MaxThreads });

    /// <summary>The thread's users; none for a thread that does not exist.</summary>
    public async Task<IReadOnlyList<string>> GetAsync(Guid threadId, CancellationToken ct)
    {
        if (_users.Get<IReadOnlyList<string>>(threadId) is { } users)
        {
            return users;
        }

        if (await store.GetThreadAsync(threadId, member: null, ct) is not { } thread)
        {
            return [];
        }

        _users.Set(threadId, thread.Users, new MemoryCacheEntryOptions { Size = 1 });
        return thread.Users;
    }

    public void Dispose() => _users.Dispose();
}
