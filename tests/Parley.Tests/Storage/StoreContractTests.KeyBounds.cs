using Parley.Storage;

namespace Parley.Tests.Storage;

// A principal keeps a bounded number of idempotency keys: recording one beyond the bound
// forgets its oldest, so the keys a retry is likely to repeat (the newest) are the ones kept.
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task RecordingAKeyBeyondItsPrincipalsBoundForgetsThePrincipalsOldestKey()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        IdempotencyKey Bounded(string key, string request) => Key(UserPrincipal(Alma), key, request) with { MaxKept = 3 };
        var created = await Store.CreateThreadAsync(NewThread(Alma, Bob), Bounded("k1", "create"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await Store.AppendMessageAsync(NewMessage(thread, Alma, "two"), Bounded("k2", "send two"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));
        var third = await Store.AppendMessageAsync(NewMessage(thread, Alma, "three"), Bounded("k3", "send three"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));

        var fourth = await Store.AppendMessageAsync(NewMessage(thread, Alma, "four"), Bounded("k4", "send four"), Ct);

        Assert.Equal(WriteStatus.Done, fourth.Status);
        Assert.Equal(new AppendOutcome(WriteStatus.Replayed, second.Message),
            await Store.AppendMessageAsync(NewMessage(thread, Alma, "two"), Bounded("k2", "send two"), Ct));
        Assert.Equal(new AppendOutcome(WriteStatus.Replayed, third.Message),
            await Store.AppendMessageAsync(NewMessage(thread, Alma, "three"), Bounded("k3", "send three"), Ct));
        Assert.Equal(new AppendOutcome(WriteStatus.Replayed, fourth.Message),
            await Store.AppendMessageAsync(NewMessage(thread, Alma, "four"), Bounded("k4", "send four"), Ct));

        // k1, the oldest, was forgotten when k4 was recorded: a repeat now makes a new thread.
        var repeated = await Store.CreateThreadAsync(NewThread(Alma, Bob), Bounded("k1", "create"), Ct);
        Assert.Equal(WriteStatus.Done, repeated.Status);
        Assert.NotEqual(created.ThreadId, repeated.ThreadId);
    }

    [Fact]
    public async Task AnotherPrincipalsKeysDoNotCountTowardsAPrincipalsBound()
    {
        var almas = Key(UserPrincipal(Alma), "k", "create") with { MaxKept = 2 };
        var created = await Store.CreateThreadAsync(NewThread(Alma, Bob), almas, Ct);
        for (var i = 0; i < 5; i++)
        {
            var bobs = Key(UserPrincipal(Bob), $"k{i}", "create") with { MaxKept = 2 };
            Assert.Equal(WriteStatus.Done, (await Store.CreateThreadAsync(NewThread(Alma, Bob), bobs, Ct)).Status);
        }

        Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, created.ThreadId), await Store.CreateThreadAsync(NewThread(Alma, Bob), almas, Ct));
    }

    [Fact]
    public async Task KeysWithoutABoundAreAllKeptForTheirWindow()
    {
        var created = new List<CreateThreadOutcome>();
        for (var i = 0; i < 20; i++)
        {
            var key = Key(Service, $"k{i}", "create") with { MaxKept = null };
            created.Add(await Store.CreateThreadAsync(NewThread(Alma, Bob), key, Ct));
        }

        for (var i = 0; i < 20; i++)
        {
            var key = Key(Service, $"k{i}", "create") with { MaxKept = null };
            Assert.Equal(created[i] with { Status = WriteStatus.Replayed }, await Store.CreateThreadAsync(NewThread(Alma, Bob), key, Ct));
        }
    }

    [Fact]
    public async Task AnExpiredKeyUsedAgainCountsAsItsPrincipalsNewest()
    {
        IdempotencyKey Bounded(string key) => Key(UserPrincipal(Alma), key, "create") with { MaxKept = 2 };
        await Store.CreateThreadAsync(NewThread(Alma, Bob), Bounded("old"), Ct);
        Time.Advance(TimeSpan.FromHours(25));
        var again = await Store.CreateThreadAsync(NewThread(Alma, Bob), Bounded("old"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));

        await Store.CreateThreadAsync(NewThread(Alma, Bob), Bounded("new"), Ct);

        Assert.Equal(WriteStatus.Done, again.Status);
        Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, again.ThreadId), await Store.CreateThreadAsync(NewThread(Alma, Bob), Bounded("old"), Ct));
    }

    [Fact]
    public async Task KeysThatDifferOnlyAfterManyCharactersAreDifferentKeys()
    {
        var prefix = new string('k', 254);
        var first = await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, prefix + "1", "create"), Ct);

        var second = await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, prefix + "2", "create"), Ct);

        Assert.Equal(WriteStatus.Done, second.Status);
        Assert.NotEqual(first.ThreadId, second.ThreadId);
    }
}
