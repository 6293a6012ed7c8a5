using Parley.Storage;

namespace Parley.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Theory]
    [InlineData(2, null, null, new long[] { 4, 5 }, true)]
    [InlineData(5, null, null, new long[] { 1, 2, 3, 4, 5 }, false)]
    [InlineData(9, null, null, new long[] { 1, 2, 3, 4, 5 }, false)]
    [InlineData(2, 4L, null, new long[] { 2, 3 }, true)]
    [InlineData(2, 3L, null, new long[] { 1, 2 }, false)]
    [InlineData(2, 1L, null, new long[] { }, false)]
    [InlineData(2, 99L, null, new long[] { 4, 5 }, true)]
    [InlineData(2, null, 1L, new long[] { 2, 3 }, true)]
    [InlineData(2, null, 3L, new long[] { 4, 5 }, false)]
    [InlineData(2, null, 5L, new long[] { }, false)]
    [InlineData(9, null, 0L, new long[] { 1, 2, 3, 4, 5 }, false)]
    public async Task MessagePageHoldsTheRightSeqsOldestFirstAndLooksAheadForMore(
        int limit, long? beforeSeq, long? afterSeq, long[] seqs, bool hasMore)
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendManyAsync(thread, Alma, 5);

        var page = await Store.GetMessagesAsync(thread, Bob, new MessagePageQuery(limit, beforeSeq, afterSeq), Ct);

        Assert.NotNull(page);
        Assert.Equal(seqs, page.Messages.Select(m => m.Seq));
        Assert.Equal(hasMore, page.HasMore);
    }

    [Fact]
    public async Task MessagePageCarriesWholeMessages()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var first = await SendAsync(thread, Alma, "one");
        Time.Advance(TimeSpan.FromSeconds(3));
        var second = await SendAsync(thread, Bob, "two");

        var page = await Store.GetMessagesAsync(thread, member: null, new MessagePageQuery(50, null, null), Ct);

        Assert.Equal([first, second], page!.Messages);
    }

    [Fact]
    public async Task EmptyThreadHasAnEmptyPage()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        var page = await Store.GetMessagesAsync(thread, Alma, new MessagePageQuery(50, null, null), Ct);

        Assert.Empty(page!.Messages);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task MessagePageIsNullForANonMemberOrAnUnknownThread()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);
        var query = new MessagePageQuery(50, null, null);

        Assert.Null(await Store.GetMessagesAsync(thread, Carol, query, Ct));
        Assert.Null(await Store.GetMessagesAsync(Guid.CreateVersion7(), member: null, query, Ct));
        Assert.Null(await Store.GetMessagesAsync(Guid.CreateVersion7(), Alma, query, Ct));
    }

    [Fact]
    public async Task OneMessageIsReadBySeq()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma, "one");
        var second = await SendAsync(thread, Bob, "two");

        Assert.Equal(second, await Store.GetMessageAsync(thread, 2, Alma, Ct));
        Assert.Equal(second, await Store.GetMessageAsync(thread, 2, member: null, Ct));
    }

    [Fact]
    public async Task OneMessageIsNullWhenItOrItsThreadIsNotThereOrNotVisible()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);

        Assert.Null(await Store.GetMessageAsync(thread, 2, Alma, Ct));
        Assert.Null(await Store.GetMessageAsync(thread, 0, member: null, Ct));
        Assert.Null(await Store.GetMessageAsync(thread, 1, Carol, Ct));
        Assert.Null(await Store.GetMessageAsync(Guid.CreateVersion7(), 1, member: null, Ct));
    }

    [Fact]
    public async Task ReadingAllMessagesGivesEveryMessageOldestFirst()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var other = await CreateThreadAsync(Alma, Bob);
        var sent = new List<MessageRecord>();
        for (var i = 0; i < 30; i++)
        {
            sent.Add(await SendAsync(thread, i % 3 == 0 ? Bob : Alma, $"message {i}"));
            await SendAsync(other, Alma);
            Time.Advance(TimeSpan.FromMilliseconds(7));
        }

        var read = new List<MessageRecord>();
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 0, Ct))
        {
            read.Add(message);
        }

        Assert.Equal(sent, read);
    }

    [Fact]
    public async Task ReadingAllMessagesOfAnEmptyThreadGivesNone()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 0, Ct))
        {
            Assert.Fail($"Unexpected message {message.Seq}.");
        }
    }

    [Fact]
    public async Task ReadingMessagesAfterASeqGivesOnlyTheLaterOnesOldestFirst()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var sent = new List<MessageRecord>();
        for (var i = 0; i < 12; i++)
        {
            sent.Add(await SendAsync(thread, Alma, $"message {i}"));
        }

        var read = new List<MessageRecord>();
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 7, Ct))
        {
            read.Add(message);
        }

        Assert.Equal(sent.Where(m => m.Seq > 7), read);
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 12, Ct))
        {
            Assert.Fail($"Unexpected message {message.Seq} after the newest seq.");
        }
    }
}
