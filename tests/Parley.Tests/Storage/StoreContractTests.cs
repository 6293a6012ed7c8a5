using System.Text;
using Microsoft.Extensions.Time.Testing;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Storage;

/// <summary>
/// What every <see cref="IParleyStore"/> owes Parley, one fact per promise of its XML doc.
/// A provider's test class only supplies a fresh, migrated store; when a provider fails a
/// fact here, the store has a bug, and the fact stays as it is.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private protected static readonly CancellationToken Ct = CancellationToken.None;
    private protected const string Service = "service";

    private IParleyStore? _store;

    /// <summary>The clock the store reads; tests move it by hand.</summary>
    private protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private protected IParleyStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");

    // Random names keep the facts honest even where a provider's stores share a database.
    private protected string Alma { get; } = Names.User("alma");

    private protected string Bob { get; } = Names.User("bob");

    private protected string Carol { get; } = Names.User("carol");

    /// <summary>A new, empty store with every migration applied, reading time from <paramref name="time"/>.</summary>
    private protected abstract Task<IParleyStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Releases a store made by <see cref="CreateStoreAsync"/> and whatever it keeps on disk.</summary>
    private protected abstract ValueTask DisposeStoreAsync(IParleyStore store);

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync(Time);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store);
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task MigratedStoreIsReady()
    {
        Assert.True(await Store.IsReadyAsync(Ct));
    }

    [Fact]
    public async Task MigratingAgainKeepsDataAndWrites()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);

        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);

        Assert.True(await Store.IsReadyAsync(Ct));
        Assert.Equal(2, (await SendAsync(thread, Bob)).Seq);
        Assert.Equal(2, (await Store.GetThreadAsync(thread, null, Ct))!.LastSeq);
    }

    private protected NewThread NewThread(params string[] users) => TitledThread(null, users);

    private protected NewThread TitledThread(string? title, params string[] users) =>
        new(Guid.CreateVersion7(Time.GetUtcNow()), title, users, Time.GetUtcNow());

    private protected NewMessage NewMessage(Guid threadId, string username, string text = "hi") =>
        new(Guid.CreateVersion7(Time.GetUtcNow()), threadId, username, text, Time.GetUtcNow());

    private protected async Task<Guid> CreateThreadAsync(params string[] users)
    {
        var outcome = await Store.CreateThreadAsync(NewThread(users), key: null, Ct);
        Assert.Equal(WriteStatus.Done, outcome.Status);
        return outcome.ThreadId;
    }

    private protected async Task<MessageRecord> SendAsync(Guid threadId, string username, string text = "hi")
    {
        var outcome = await Store.AppendMessageAsync(NewMessage(threadId, username, text), key: null, Ct);
        Assert.Equal(WriteStatus.Done, outcome.Status);
        return outcome.Message!;
    }

    /// <summary>Sends <paramref name="count"/> messages one after the other: <c>message 1</c>, … or each <paramref name="text"/>.</summary>
    private protected async Task SendManyAsync(Guid threadId, string username, int count, string? text = null)
    {
        for (var i = 1; i <= count; i++)
        {
            await SendAsync(threadId, username, text ?? $"message {i}");
        }
    }

    private protected async Task<int?> UnreadAsync(Guid threadId, string username) =>
        (await Store.GetThreadAsync(threadId, username, Ct))!.UnreadCount;

    private protected static string UserPrincipal(string username) => $"user:{username}";

    /// <summary>A key bound to <paramref name="request"/>; the fingerprint's bytes are opaque to the store.</summary>
    private protected static IdempotencyKey Key(string principal, string key, string request) =>
        new(principal, key, Encoding.UTF8.GetBytes(request));
}
