using Parley.Storage;

namespace Parley.Tests.Storage;

// Sends without a key are committed in groups (PostgresAppends): what a group must never change.
public sealed partial class PostgresStoreTests
{
    [Fact]
    public async Task ConcurrentSendsThroughTwoStoresToCrossingThreadsAreAllStoredWithoutDeadlock()
    {
        // Each writer sends to every thread in its own order, through one of two stores, so
        // batches of both stores hold locks on the same threads at once.
        IParleyStore[] stores = [Store, NewStore(_schema)];
        var threads = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            threads.Add(await CreateThreadAsync(Alma, Bob));
        }

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            var order = writer % 2 == 0 ? threads : [.. Enumerable.Reverse(threads)];
            var seqs = new List<(Guid Thread, long Seq)>();
            for (var round = 0; round < 10; round++)
            {
                foreach (var thread in order)
                {
                    var outcome = await stores[writer % 2].AppendMessageAsync(NewMessage(thread, Alma, $"{writer}/{round}"), key: null, Ct);
                    Assert.Equal(WriteStatus.Done, outcome.Status);
                    seqs.Add((thread, outcome.Message!.Seq));
                }
            }

            return seqs;
        })));

        foreach (var thread in threads)
        {
            var seqs = acknowledged.SelectMany(s => s).Where(s => s.Thread == thread).Select(s => s.Seq).Order();
            Assert.Equal(Enumerable.Range(1, 160).Select(i => (long)i), seqs);
            Assert.Equal(160, await UnreadAsync(thread, Bob));
        }
    }

    [Fact]
    public async Task SendsRefusedInsideABatchGetTheirOwnAnswerAndTheRestAreStored()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var unknown = Guid.CreateVersion7();
        var sends = Enumerable.Range(0, 60).Select(i => (i % 10) switch
        {
            3 => (Kind: "outsider", Task: Store.AppendMessageAsync(NewMessage(thread, Carol, $"{i}"), key: null, Ct)),
            6 => (Kind: "unknown", Task: Store.AppendMessageAsync(NewMessage(unknown, Alma, $"{i}"), key: null, Ct)),
            _ => (Kind: "member", Task: Store.AppendMessageAsync(NewMessage(thread, Alma, $"{i}"), key: null, Ct)),
        }).ToList();
        await Task.WhenAll(sends.Select(s => s.Task));

        Assert.All(sends.Where(s => s.Kind == "outsider"), s => Assert.Equal(WriteStatus.NotMember, s.Task.Result.Status));
        Assert.All(sends.Where(s => s.Kind == "unknown"), s => Assert.Equal(WriteStatus.ThreadNotFound, s.Task.Result.Status));
        var stored = sends.Where(s => s.Kind == "member").Select(s => s.Task.Result.Message!.Seq).Order();
        Assert.Equal(Enumerable.Range(1, 48).Select(i => (long)i), stored);
    }

    [Fact]
    public async Task ASendPostgreSqlRejectsFailsAloneWhileTheOthersInItsBatchAreStored()
    {
        // PostgreSQL refuses NUL in text: that statement fails, which rolls back its whole batch;
        // every send of the batch is then tried on its own.
        var thread = await CreateThreadAsync(Alma, Bob);
        var sends = Enumerable.Range(0, 40)
            .Select(i => Store.AppendMessageAsync(NewMessage(thread, Alma, i == 20 ? "bad\0text" : $"{i}"), key: null, Ct))
            .ToList();
        await Task.WhenAll(sends).ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.True(sends[20].IsFaulted);
        var stored = sends.Where((_, i) => i != 20).Select(s => s.Result.Message!.Seq).Order();
        Assert.Equal(Enumerable.Range(1, 39).Select(i => (long)i), stored);
        Assert.Equal(39, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
    }

    [Fact]
    public async Task DisposingAStoreWaitsUntilEverySendItAcceptedIsAnswered()
    {
        var store = NewStore(_schema);
        var thread = await CreateThreadAsync(Alma, Bob);
        // Outsiders' sends go back from their batch to run alone; disposing must wait for those too.
        var sends = Enumerable.Range(0, 60)
            .Select(i => store.AppendMessageAsync(NewMessage(thread, i % 3 == 0 ? Carol : Alma, $"{i}"), key: null, Ct))
            .ToList();

        await store.DisposeAsync();

        Assert.All(sends, send => Assert.True(send.IsCompletedSuccessfully));
        Assert.All(sends.Where((_, i) => i % 3 == 0), send => Assert.Equal(WriteStatus.NotMember, send.Result.Status));
        Assert.Equal(40, (await Store.GetThreadAsync(thread, member: null, Ct))?.LastSeq);
    }
}
