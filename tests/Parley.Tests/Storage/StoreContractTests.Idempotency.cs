using Parley.Storage;

namespace Parley.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task RepeatedCreateWithTheSameKeyReplaysTheFirstThread()
    {
        var key = Key(Service, "create-1", "create alma bob");
        var first = await Store.CreateThreadAsync(NewThread(Alma, Bob), key, Ct);
        var repeat = NewThread(Alma, Bob);

        var outcome = await Store.CreateThreadAsync(repeat, key, Ct);

        Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, first.ThreadId), outcome);
        Assert.False(await Store.ThreadExistsAsync(repeat.Id, Ct));
        Assert.Single((await Store.ListThreadsAsync(Alma, after: null, 10, Ct)).Threads);
    }

    [Fact]
    public async Task CreateWithAKeyAlreadyUsedForAnotherRequestIsKeyReused()
    {
        await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "create-1", "create alma bob"), Ct);
        var other = NewThread(Alma, Carol);

        var outcome = await Store.CreateThreadAsync(other, Key(Service, "create-1", "create alma carol"), Ct);

        Assert.Equal(WriteStatus.KeyReused, outcome.Status);
        Assert.False(await Store.ThreadExistsAsync(other.Id, Ct));
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneKeyMakeOneThread()
    {
        var key = Key(Service, "create-1", "create alma bob");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => Task.Run(() => Store.CreateThreadAsync(NewThread(Alma, Bob), key, Ct))));

        Assert.Single(outcomes, o => o.Status == WriteStatus.Done);
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { WriteStatus.Done, WriteStatus.Replayed }));
        Assert.Single(outcomes.Select(o => o.ThreadId).Distinct());
        Assert.Single((await Store.ListThreadsAsync(Alma, after: null, 20, Ct)).Threads);
    }

    [Fact]
    public async Task RepeatedAppendWithTheSameKeyReplaysTheFirstMessage()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var key = Key(UserPrincipal(Alma), "send-1", "send hi");
        var first = await Store.AppendMessageAsync(NewMessage(thread, Alma), key, Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await Store.AppendMessageAsync(NewMessage(thread, Alma), key, Ct);

        Assert.Equal(WriteStatus.Replayed, outcome.Status);
        Assert.Equal(first.Message, outcome.Message);
        Assert.Equal(1, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
        Assert.Equal(1, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task AppendWithAKeyAlreadyUsedForAnotherRequestIsKeyReused()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await Store.AppendMessageAsync(NewMessage(thread, Alma, "hi"), Key(Service, "send-1", "send hi"), Ct);

        var outcome = await Store.AppendMessageAsync(NewMessage(thread, Alma, "bye"), Key(Service, "send-1", "send bye"), Ct);

        Assert.Equal(WriteStatus.KeyReused, outcome.Status);
        Assert.Equal(1, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
    }

    [Fact]
    public async Task KeyUsedToCreateAThreadIsKeyReusedForASend()
    {
        var created = await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "k", "create alma bob"), Ct);

        var outcome = await Store.AppendMessageAsync(NewMessage(created.ThreadId, Alma), Key(Service, "k", "send hi"), Ct);

        Assert.Equal(WriteStatus.KeyReused, outcome.Status);
        Assert.Equal(0, (await Store.GetThreadAsync(created.ThreadId, member: null, Ct))!.LastSeq);
    }

    [Fact]
    public async Task ConcurrentAppendsWithOneKeyStoreOneMessage()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var key = Key(UserPrincipal(Alma), "send-1", "send hi");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => Task.Run(() => Store.AppendMessageAsync(NewMessage(thread, Alma), key, Ct))));

        Assert.Single(outcomes, o => o.Status == WriteStatus.Done);
        Assert.All(outcomes, o => Assert.Equal(1, o.Message!.Seq));
        Assert.Equal(1, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
    }

    [Fact]
    public async Task KeysBelongToTheirPrincipal()
    {
        var almas = await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(UserPrincipal(Alma), "k", "create"), Ct);
        var bobs = await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(UserPrincipal(Bob), "k", "create"), Ct);

        Assert.Equal(WriteStatus.Done, almas.Status);
        Assert.Equal(WriteStatus.Done, bobs.Status);
        Assert.NotEqual(almas.ThreadId, bobs.ThreadId);
    }

    [Fact]
    public async Task KeyIsStillHonouredJustInsideTwentyFourHours()
    {
        await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "k", "create alma bob"), Ct);
        Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        var outcome = await Store.CreateThreadAsync(NewThread(Alma, Carol), Key(Service, "k", "create alma carol"), Ct);

        Assert.Equal(WriteStatus.KeyReused, outcome.Status);
    }

    [Fact]
    public async Task KeyOlderThanTwentyFourHoursIsForgottenAndMayBeUsedAgain()
    {
        await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "k", "create alma bob"), Ct);
        Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var later = NewThread(Alma, Carol);

        var reused = await Store.CreateThreadAsync(later, Key(Service, "k", "create alma carol"), Ct);
        var repeated = await Store.CreateThreadAsync(NewThread(Alma, Carol), Key(Service, "k", "create alma carol"), Ct);

        Assert.Equal(new CreateThreadOutcome(WriteStatus.Done, later.Id), reused);
        Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, later.Id), repeated);
    }

    [Fact]
    public async Task PurgeForgetsOnlyKeysRecordedBeforeTheCutoff()
    {
        await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "old", "create alma bob"), Ct);
        Time.Advance(TimeSpan.FromHours(2));
        var recent = Key(Service, "recent", "create alma carol");
        var kept = await Store.CreateThreadAsync(NewThread(Alma, Carol), recent, Ct);

        var purged = await Store.PurgeIdempotencyKeysAsync(Time.GetUtcNow() - TimeSpan.FromHours(1), Ct);

        Assert.Equal(1, purged);
        var old = await Store.CreateThreadAsync(NewThread(Bob, Carol), Key(Service, "old", "create bob carol"), Ct);
        Assert.Equal(WriteStatus.Done, old.Status);
        var again = await Store.CreateThreadAsync(NewThread(Alma, Carol), recent, Ct);
        Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, kept.ThreadId), again);
    }

    [Fact]
    public async Task RefusedAppendLeavesItsKeyUnused()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var refused = await Store.AppendMessageAsync(NewMessage(thread, Carol), Key(UserPrincipal(Carol), "k", "send"), Ct);

        var created = await Store.CreateThreadAsync(NewThread(Carol, Bob), Key(UserPrincipal(Carol), "k", "create"), Ct);

        Assert.Equal(WriteStatus.NotMember, refused.Status);
        Assert.Equal(WriteStatus.Done, created.Status);
    }
}
