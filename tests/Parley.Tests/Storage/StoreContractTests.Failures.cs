using System.Data.Common;
using Parley.Storage;

namespace Parley.Tests.Storage;

// One failure model for every store: an outage is StoreUnavailableException, on reads and
// writes alike; a bug stays the driver's own exception, which the API answers with 500.
public abstract partial class StoreContractTests
{
    /// <summary>A store whose database cannot be reached or opened at all; released with the test's store.</summary>
    private protected abstract IParleyStore CreateUnreachableStore(TimeProvider time);

    /// <summary>Drops <paramref name="table"/> under the store's feet, as a faulty migration would.</summary>
    private protected abstract Task DropTableAsync(string table);

    [Fact]
    public async Task EveryReadOfAnUnreachableDatabaseFailsAsUnavailable()
    {
        var store = CreateUnreachableStore(Time);
        var thread = Guid.CreateVersion7();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetThreadAsync(thread, member: null, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetThreadAsync(thread, Alma, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetMembershipAsync(thread, Alma, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ThreadExistsAsync(thread, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetMessageAsync(thread, 1, member: null, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetMessagesAsync(thread, Alma, new MessagePageQuery(50, null, null), Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ListThreadsAsync(Alma, after: null, 20, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => ReadAllAsync(store, thread));
    }

    [Fact]
    public async Task EveryWriteToAnUnreachableDatabaseFailsAsUnavailable()
    {
        var store = CreateUnreachableStore(Time);
        var thread = Guid.CreateVersion7();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateThreadAsync(NewThread(Alma, Bob), key: null, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendMessageAsync(NewMessage(thread, Alma), key: null, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(
            () => store.AppendMessageAsync(NewMessage(thread, Alma), Key(UserPrincipal(Alma), "k", "send"), Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MarkReadAsync(thread, Alma, 1, Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PurgeIdempotencyKeysAsync(Time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task UnreachableDatabaseIsNotReadyAndCannotBeMigrated()
    {
        var store = CreateUnreachableStore(Time);

        Assert.False(await store.IsReadyAsync(Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(Ct));
    }

    [Fact]
    public async Task BreakingAConstraintIsABugThatUndoesOnlyThatWrite()
    {
        var first = NewThread(Alma, Bob);
        Assert.Equal(WriteStatus.Done, (await Store.CreateThreadAsync(first, key: null, Ct)).Status);

        // The same id again breaks the threads' primary key, which the API never lets happen.
        await AssertBugAsync(() => Store.CreateThreadAsync(first with { Users = [Carol] }, key: null, Ct));

        Assert.Equal([Alma, Bob], (await Store.GetThreadAsync(first.Id, member: null, Ct))!.Users);
        Assert.Equal(Membership.NotMember, await Store.GetMembershipAsync(first.Id, Carol, Ct));
        Assert.Equal(1, (await SendAsync(first.Id, Alma)).Seq);
    }

    [Fact]
    public async Task ATableThatIsGoneIsABugOnReadsAndWritesNotAnOutage()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);

        await DropTableAsync("messages");

        await AssertBugAsync(() => Store.GetMessagesAsync(thread, Alma, new MessagePageQuery(50, null, null), Ct));
        await AssertBugAsync(() => Store.GetMessageAsync(thread, 1, member: null, Ct));
        await AssertBugAsync(() => Store.GetThreadAsync(thread, member: null, Ct));
        await AssertBugAsync(() => ReadAllAsync(Store, thread));
        await AssertBugAsync(() => Store.AppendMessageAsync(NewMessage(thread, Alma), key: null, Ct));
        await AssertBugAsync(() => Store.AppendMessageAsync(NewMessage(thread, Alma), Key(UserPrincipal(Alma), "k", "send"), Ct));
    }

    /// <summary>Asserts that <paramref name="act"/> fails with the driver's own exception, not one of the store's refusals.</summary>
    private static async Task AssertBugAsync(Func<Task> act)
    {
        var failure = await Record.ExceptionAsync(act);
        Assert.NotNull(failure);
        Assert.IsAssignableFrom<DbException>(failure);
    }

    private static async Task ReadAllAsync(IParleyStore store, Guid thread)
    {
        await foreach (var _ in store.ReadMessagesAfterAsync(thread, 0, Ct))
        {
        }
    }
}
