using Parley.Storage;

namespace Parley.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task MarkingReadCountsOnlyMessagesAboveThePosition()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendManyAsync(thread, Alma, 5);

        Assert.Equal(WriteStatus.Done, await Store.MarkReadAsync(thread, Bob, 3, Ct));

        Assert.Equal(2, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task MarkingReadNeverMovesBackwards()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendManyAsync(thread, Alma, 5);
        await Store.MarkReadAsync(thread, Bob, 4, Ct);

        Assert.Equal(WriteStatus.Done, await Store.MarkReadAsync(thread, Bob, 1, Ct));

        Assert.Equal(1, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task MarkingReadBeyondTheLastSeqStopsAtIt()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendManyAsync(thread, Alma, 3);
        Assert.Equal(WriteStatus.Done, await Store.MarkReadAsync(thread, Bob, 99, Ct));
        Assert.Equal(0, await UnreadAsync(thread, Bob));

        // Had the position gone to 99, marking 4 would be a step back and leave two unread.
        await SendManyAsync(thread, Alma, 2);
        await Store.MarkReadAsync(thread, Bob, 4, Ct);

        Assert.Equal(1, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task UnreadCountsOtherUsersMessagesAboveThePosition()
    {
        var thread = await CreateThreadAsync(Alma, Bob, Carol);
        await SendAsync(thread, Alma);
        await SendAsync(thread, Carol);
        await SendAsync(thread, Bob);
        await SendAsync(thread, Alma);
        Assert.Equal(2, await UnreadAsync(thread, Carol));

        await Store.MarkReadAsync(thread, Carol, 3, Ct);

        Assert.Equal(1, await UnreadAsync(thread, Carol));
        Assert.Equal(1, await UnreadAsync(thread, Bob));
        Assert.Equal(0, await UnreadAsync(thread, Alma));
    }

    [Fact]
    public async Task MarkingReadAsANonMemberIsRefused()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);

        Assert.Equal(WriteStatus.NotMember, await Store.MarkReadAsync(thread, Carol, 1, Ct));
    }

    [Fact]
    public async Task MarkingReadInAnUnknownThreadIsThreadNotFound()
    {
        Assert.Equal(WriteStatus.ThreadNotFound, await Store.MarkReadAsync(Guid.CreateVersion7(), Alma, 1, Ct));
    }

    [Fact]
    public async Task MarkingReadInAThreadWithoutMessagesChangesNothing()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        Assert.Equal(WriteStatus.Done, await Store.MarkReadAsync(thread, Bob, 5, Ct));
        await SendAsync(thread, Alma);

        Assert.Equal(1, await UnreadAsync(thread, Bob));
    }
}
