using Parley.Storage;

namespace Parley.Tests.Events;

/// <summary>
/// A store for tests of one background loop at a time: every operation fails as unsupported
/// unless the test's subclass overrides it, so a test states exactly what the loop may read.
/// </summary>
internal abstract class StoreStub : IParleyStore
{
    public virtual Task MigrateAsync(CancellationToken ct) => throw Unsupported();

    public virtual Task<bool> IsReadyAsync(CancellationToken ct) => throw Unsupported();

    public virtual Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) => throw Unsupported();

    public virtual Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) => throw Unsupported();

    public virtual Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) => throw Unsupported();

    public virtual Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct) => throw Unsupported();

    public virtual Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct) => throw Unsupported();

    public virtual Task<bool> ThreadExistsAsync(Guid threadId, CancellationToken ct) => throw Unsupported();

    public virtual Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct) => throw Unsupported();

    public virtual Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct) =>
        throw Unsupported();

    public virtual IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(Guid threadId, long afterSeq, CancellationToken ct) =>
        throw Unsupported();

    public virtual Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct) =>
        throw Unsupported();

    public virtual Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct) => throw Unsupported();

    private static NotSupportedException Unsupported() => new("This test's store does not offer that operation.");
}
