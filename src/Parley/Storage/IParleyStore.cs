namespace Parley.Storage;

/// <summary>
/// Everything Parley keeps. Two implementations (SQLite and PostgreSQL) honour the same
/// contract, checked by one shared test suite. Usernames arrive already validated and
/// lower-cased. Methods that take a <c>member</c> return nothing for a thread that user is
/// not in, exactly as for a thread that does not exist; <c>null</c> means "any thread"
/// (the service key).
/// </summary>
/// <remarks>
/// Failures: a database that cannot serve now surfaces from every method, read or write, as
/// <see cref="StoreUnavailableException"/>, and a full write queue as
/// <see cref="StoreOverloadedException"/>; the API answers both with 503. Anything else a
/// method throws is a bug (500). A cancelled caller sees <see cref="OperationCanceledException"/>.
/// </remarks>
internal interface IParleyStore
{
    /// <summary>Applies pending schema migrations.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>Answers whether the database can serve requests now.</summary>
    Task<bool> IsReadyAsync(CancellationToken ct);

    /// <summary>
    /// Creates a thread. With a key seen in the last 24 hours, makes nothing and answers
    /// <see cref="WriteStatus.Replayed"/> (same request, with the original thread id) or
    /// <see cref="WriteStatus.KeyReused"/> (different request). Concurrent repeats of one key
    /// never create two threads.
    /// </summary>
    Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct);

    /// <summary>
    /// Appends a message with the next seq of its thread (gapless, unique, in acceptance
    /// order) and moves the sender's read position to it. The sender must be a member.
    /// Idempotency as for <see cref="CreateThreadAsync"/>; a replay carries the original message.
    /// </summary>
    Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct);

    /// <summary>
    /// Moves <paramref name="username"/>'s read position forward to <paramref name="seq"/>
    /// (clamped to the thread's last seq; never backwards).
    /// </summary>
    Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct);

    /// <summary>The thread with its unread count for <paramref name="member"/> (absent for null).</summary>
    Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct);

    Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct);

    Task<bool> ThreadExistsAsync(Guid threadId, CancellationToken ct);

    Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct);

    /// <summary>One page of a thread's messages, oldest first; null when the thread is not visible.</summary>
    Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct);

    /// <summary>
    /// Every message of a thread after seq <paramref name="afterSeq"/> (0: all of them) up to
    /// the thread's last seq when the read begins, oldest first. It reads in short chunks
    /// (<see cref="Internal.MessageChunks"/>) and holds no connection, transaction or snapshot
    /// between them, so memory stays flat however long the thread is and a slow consumer keeps
    /// nothing of the database's open. The caller checks visibility first.
    /// </summary>
    IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(Guid threadId, long afterSeq, CancellationToken ct);

    /// <summary>A user's threads, most recently active first (newest message, else creation).</summary>
    Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct);

    /// <summary>Forgets idempotency keys recorded before <paramref name="before"/>.</summary>
    Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct);
}
