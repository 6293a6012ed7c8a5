using System.Security.Cryptography;
using System.Text;
using Parley.Rules;

namespace Parley.Storage;

internal sealed record MessageRecord(
    Guid Id, Guid ThreadId, long Seq, string Username, string Text, DateTimeOffset CreatedAt);

/// <param name="UnreadCount">For the member the thread was read for; null when read without one.</param>
internal sealed record ThreadRecord(
    Guid Id,
    string? Title,
    IReadOnlyList<string> Users,
    DateTimeOffset CreatedAt,
    long LastSeq,
    MessageRecord? LastMessage,
    int? UnreadCount);

internal sealed record NewThread(Guid Id, string? Title, IReadOnlyList<string> Users, DateTimeOffset CreatedAt);

internal sealed record NewMessage(Guid Id, Guid ThreadId, string Username, string Text, DateTimeOffset CreatedAt);

/// <summary>An Idempotency-Key as the store keeps it: scoped to a principal, bound to one request.</summary>
/// <param name="Principal">Who sent it: <c>service</c> or <c>user:&lt;username&gt;</c>.</param>
/// <param name="Key">The header's value; the store keeps only its <see cref="Digest"/>.</param>
/// <param name="Fingerprint">A hash of the request as understood (route, thread, sender, body fields).</param>
internal sealed record IdempotencyKey(string Principal, string Key, byte[] Fingerprint)
{
    /// <summary>SHA-256 of the key: 32 bytes stored, however long the key.</summary>
    public byte[] Digest { get; } = SHA256.HashData(Encoding.UTF8.GetBytes(Key));

    /// <summary>
    /// How many keys the store keeps for this principal at most: recording one more forgets
    /// its oldest. A user has <see cref="Limits.IdempotencyKeysPerUser"/>; the service key,
    /// the integrator's own backend, whose keys follow the whole deployment's traffic, has no
    /// bound beyond the 24-hour window (null), as it has no rate limit by default.
    /// </summary>
    public int? MaxKept { get; init; } = Principal.StartsWith("user:", StringComparison.Ordinal) ? Limits.IdempotencyKeysPerUser : null;
}

/// <param name="BeforeSeq">Newest messages with a smaller seq.</param>
/// <param name="AfterSeq">Oldest messages with a greater seq.</param>
internal sealed record MessagePageQuery(int Limit, long? BeforeSeq, long? AfterSeq);

/// <summary>Messages oldest first; <paramref name="HasMore"/> looks in the direction of travel.</summary>
internal sealed record MessagePage(IReadOnlyList<MessageRecord> Messages, bool HasMore);

/// <summary>Position in a user's inbox, most recently active first.</summary>
internal readonly record struct InboxCursor(long ActivityMs, Guid ThreadId);

internal sealed record ThreadPage(IReadOnlyList<ThreadRecord> Threads, InboxCursor? Next);

internal enum WriteStatus
{
    /// <summary>The write was made now.</summary>
    Done,

    /// <summary>The Idempotency-Key was seen before with the same request; nothing new was written.</summary>
    Replayed,

    /// <summary>The Idempotency-Key was seen before with a different request.</summary>
    KeyReused,

    ThreadNotFound,

    /// <summary>The thread exists but the acting user is not a member.</summary>
    NotMember,
}

internal readonly record struct CreateThreadOutcome(WriteStatus Status, Guid ThreadId);

internal readonly record struct AppendOutcome(WriteStatus Status, MessageRecord? Message);

/// <summary>Where a user stands in a thread: whether it exists and whether the user is in it.</summary>
internal enum Membership
{
    NoThread,
    NotMember,
    Member,
}
