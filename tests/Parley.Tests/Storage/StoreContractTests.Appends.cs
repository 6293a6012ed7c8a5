using Parley.Storage;

namespace Parley.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task AppendedMessageCarriesTheNextSeqAndWhatWasSent()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var message = NewMessage(thread, Bob, "hello\nthere");

        var outcome = await Store.AppendMessageAsync(message, key: null, Ct);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Equal(
            new MessageRecord(message.Id, thread, 1, Bob, "hello\nthere", message.CreatedAt), outcome.Message);
    }

    [Fact]
    public async Task AppendsNumberEachThreadFromOneWithoutGaps()
    {
        var first = await CreateThreadAsync(Alma, Bob);
        var second = await CreateThreadAsync(Alma, Bob);

        long[] seqs = [
            (await SendAsync(first, Alma)).Seq, (await SendAsync(first, Bob)).Seq,
            (await SendAsync(second, Alma)).Seq, (await SendAsync(first, Alma)).Seq,
        ];

        Assert.Equal([1, 2, 1, 3], seqs);
    }

    [Fact]
    public async Task ThreadShowsItsLastSeqAndLastMessage()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma, "first");
        var last = await SendAsync(thread, Bob, "second");

        var stored = await Store.GetThreadAsync(thread, member: null, Ct);

        Assert.Equal(2, stored!.LastSeq);
        Assert.Equal(last, stored.LastMessage);
    }

    [Fact]
    public async Task AppendingCountsUnreadForOthersAndReadsUpToItForTheSender()
    {
        var thread = await CreateThreadAsync(Alma, Bob, Carol);
        await SendAsync(thread, Alma);
        await SendAsync(thread, Alma);
        await SendAsync(thread, Bob);

        Assert.Equal(1, await UnreadAsync(thread, Alma));
        Assert.Equal(0, await UnreadAsync(thread, Bob));
        Assert.Equal(3, await UnreadAsync(thread, Carol));
    }

    [Fact]
    public async Task SendingMovesTheSendersReadPositionToTheNewMessage()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);
        await SendAsync(thread, Bob);
        await SendAsync(thread, Alma);

        // Bob's position is now seq 2, so marking 1 read changes nothing and he has one unread.
        Assert.Equal(WriteStatus.Done, await Store.MarkReadAsync(thread, Bob, 1, Ct));
        Assert.Equal(1, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task AppendingAsANonMemberIsRefusedAndStoresNothing()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        var outcome = await Store.AppendMessageAsync(NewMessage(thread, Carol), key: null, Ct);

        Assert.Equal(new AppendOutcome(WriteStatus.NotMember, null), outcome);
        Assert.Equal(0, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
        Assert.Equal(0, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task AppendingToAnUnknownThreadIsThreadNotFound()
    {
        var outcome = await Store.AppendMessageAsync(NewMessage(Guid.CreateVersion7(), Alma), key: null, Ct);

        Assert.Equal(new AppendOutcome(WriteStatus.ThreadNotFound, null), outcome);
    }

    [Fact]
    public async Task AppendWhoseCallerAlreadyGaveUpStoresNothing()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.AppendMessageAsync(NewMessage(thread, Alma), key: null, new CancellationToken(canceled: true)));

        Assert.Equal(0, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
        Assert.Equal(1, (await SendAsync(thread, Alma)).Seq);
    }

    [Fact]
    public async Task ConcurrentAppendsGetEverySeqOnceInAcceptanceOrder()
    {
        string[] senders = [.. Enumerable.Range(0, 8).Select(i => $"{Alma}-{i}")];
        var thread = await CreateThreadAsync(senders);

        var perSender = await Task.WhenAll(senders.Select(sender => Task.Run(async () =>
        {
            var seqs = new List<long>();
            for (var i = 0; i < 100; i++)
            {
                seqs.Add((await SendAsync(thread, sender, $"{sender} {i}")).Seq);
            }

            return seqs;
        })));

        Assert.Equal(Enumerable.Range(1, 800).Select(i => (long)i), perSender.SelectMany(s => s).Order());
        Assert.All(perSender, seqs => Assert.Equal(seqs.Order(), seqs));
        var stored = new List<MessageRecord>();
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 0, Ct))
        {
            stored.Add(message);
        }

        Assert.Equal(Enumerable.Range(1, 800).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(800, stored.Select(m => m.Text).Distinct().Count());
        Assert.Equal(800, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
    }
}
