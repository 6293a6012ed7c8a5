using Parley.Storage;

namespace Parley.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task InboxListsMostRecentlyActiveThreadsFirst()
    {
        var first = await CreateThreadAsync(Alma, Bob);
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await CreateThreadAsync(Alma, Carol);
        Time.Advance(TimeSpan.FromSeconds(1));
        var third = await CreateThreadAsync(Bob, Alma);
        Time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(first, Bob);

        var page = await Store.ListThreadsAsync(Alma, after: null, 10, Ct);

        Assert.Equal([first, third, second], page.Threads.Select(t => t.Id));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task InboxThreadsAreWholeAndCountTheUsersUnread()
    {
        var thread = await CreateThreadAsync(Bob, Alma, Carol);
        await SendAsync(thread, Bob, "one");
        var last = await SendAsync(thread, Carol, "two");

        var listed = Assert.Single((await Store.ListThreadsAsync(Alma, after: null, 10, Ct)).Threads);

        Assert.Equal(thread, listed.Id);
        Assert.Equal([Bob, Alma, Carol], listed.Users);
        Assert.Equal(2, listed.LastSeq);
        Assert.Equal(last, listed.LastMessage);
        Assert.Equal(2, listed.UnreadCount);
        Assert.Equal(1, Assert.Single((await Store.ListThreadsAsync(Bob, after: null, 10, Ct)).Threads).UnreadCount);
    }

    [Fact]
    public async Task InboxHoldsOnlyTheUsersOwnThreads()
    {
        await CreateThreadAsync(Alma, Bob);
        var carols = await CreateThreadAsync(Alma, Carol);

        var page = await Store.ListThreadsAsync(Carol, after: null, 10, Ct);

        Assert.Equal([carols], page.Threads.Select(t => t.Id));
    }

    [Fact]
    public async Task EmptyInboxHasNoThreadsAndNoNextPage()
    {
        await CreateThreadAsync(Alma, Bob);

        var page = await Store.ListThreadsAsync(Carol, after: null, 10, Ct);

        Assert.Empty(page.Threads);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task InboxOfExactlyOnePageHasNoNextPage()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateThreadAsync(Alma, Bob);
        }

        var page = await Store.ListThreadsAsync(Alma, after: null, 3, Ct);

        Assert.Equal(3, page.Threads.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task InboxPagesCoverEveryThreadOnceInActivityOrder()
    {
        // Threads made in threes at one instant, so equal activity times must page cleanly too.
        var threads = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            threads.Add(await CreateThreadAsync(Alma, i % 2 == 0 ? Bob : Carol));
            if (i % 3 == 2)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        foreach (var thread in threads.Where((_, i) => i % 7 == 0))
        {
            await SendAsync(thread, Alma);
        }

        var listed = new List<ThreadRecord>();
        var pages = 0;
        InboxCursor? cursor = null;
        do
        {
            var page = await Store.ListThreadsAsync(Alma, cursor, 4, Ct);
            Assert.True(page.Threads.Count == 4 || page.Next is null, "Only the last page may be short.");
            listed.AddRange(page.Threads);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(8, pages);
        Assert.Equal(threads.Order(), listed.Select(t => t.Id).Order());
        var activity = listed.Select(t => t.LastMessage?.CreatedAt ?? t.CreatedAt).ToList();
        Assert.Equal(activity.OrderDescending(), activity);
    }
}
