using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Parley.Compat;

/// <summary>Settings under <c>Parley:Compat</c>.</summary>
internal sealed class CompatOptions
{
    public const string Section = "Parley:Compat";

    /// <summary>Memory for the serialised bodies of recently read threads (seed-compatible GET); 0 turns the cache off.</summary>
    [Range(0, 4096, ErrorMessage = "Parley:Compat:BodyCacheMegabytes must be between 0 and 4096.")]
    public int BodyCacheMegabytes { get; set; } = 64;
}

/// <summary>
/// The JSON of a thread's messages up to and including <paramref name="LastSeq"/>, each
/// <c>{"username":…,"message":…}</c>, separated by commas.
/// </summary>
internal sealed record SeedBody(long LastSeq, ReadOnlyMemory<byte> Items)
{
    public static readonly SeedBody Empty = new(0, ReadOnlyMemory<byte>.Empty);
}

/// <summary>
/// Serialised bodies for the seed-compatible GET, which returns a whole thread every time.
/// Messages are never edited or removed, so a body up to seq N stays true for good: a read
/// sends it and then only what the store has after N (one index range, usually empty), so a
/// reader always sees at least what the store held when it asked, on every instance. Bodies
/// longer than a sixteenth of the budget are not kept; those threads stream from the store.
/// </summary>
internal sealed class SeedBodyCache : IDisposable
{
    private readonly MemoryCache? _bodies;

    public SeedBodyCache(IOptions<CompatOptions> options)
    {
        var budget = options.Value.BodyCacheMegabytes * 1024L * 1024;
        if (budget > 0)
        {
            _bodies = new MemoryCache(new MemoryCacheOptions { SizeLimit = budget });
            MaxBodyBytes = budget / 16;
        }
    }

    /// <summary>The longest body kept; 0 when the cache is off.</summary>
    public long MaxBodyBytes { get; }

    /// <summary>The longest body known for the thread, or <see cref="SeedBody.Empty"/>.</summary>
    public SeedBody Find(Guid threadId)
    {
        if (_bodies?.Get<SeedBody>(threadId) is { } body)
        {
            return body;
        }

        return SeedBody.Empty;
    }

    /// <summary>Keeps <paramref name="body"/> unless it is too long or a longer one is already kept.</summary>
    public void Keep(Guid threadId, SeedBody body)
    {
        if (_bodies is null || body.Items.Length > MaxBodyBytes || Find(threadId).LastSeq >= body.LastSeq)
        {
            return;
        }

        // Concurrent readers of a growing thread may race here; either body is true, and the
        // next read extends whichever one stayed.
        _bodies.Set(threadId, body, new MemoryCacheEntryOptions { Size = body.Items.Length + 64 });
    }

    public void Dispose() => _bodies?.Dispose();
}
