using Parley.Storage;

namespace Parley.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CreatingAThreadAnswersDoneWithItsId()
    {
        var thread = NewThread(Alma, Bob);

        var outcome = await Store.CreateThreadAsync(thread, key: null, Ct);

        Assert.Equal(new CreateThreadOutcome(WriteStatus.Done, thread.Id), outcome);
        Assert.True(await Store.ThreadExistsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task NewThreadReadsBackAsCreatedWithUsersInTheirOrder()
    {
        var thread = NewThread(Carol, Alma, Bob);
        await Store.CreateThreadAsync(thread, key: null, Ct);

        var stored = await Store.GetThreadAsync(thread.Id, member: null, Ct);

        Assert.NotNull(stored);
        Assert.Equal(thread.Id, stored.Id);
        Assert.Null(stored.Title);
        Assert.Equal([Carol, Alma, Bob], stored.Users);
        Assert.Equal(thread.CreatedAt, stored.CreatedAt);
        Assert.Equal(0, stored.LastSeq);
        Assert.Null(stored.LastMessage);
    }

    [Theory]
    [InlineData("Lunch on Friday")]
    [InlineData("")]
    public async Task ThreadKeepsItsTitleExactly(string title)
    {
        var thread = TitledThread(title, Alma, Bob);
        await Store.CreateThreadAsync(thread, key: null, Ct);

        Assert.Equal(title, (await Store.GetThreadAsync(thread.Id, member: null, Ct))!.Title);
    }

    [Fact]
    public async Task ThreadReadWithoutAMemberHasNoUnreadCount()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendAsync(thread, Alma);

        Assert.Null((await Store.GetThreadAsync(thread, member: null, Ct))!.UnreadCount);
    }

    [Fact]
    public async Task ThreadReadForAMemberCarriesTheirUnreadCount()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        Assert.Equal(0, await UnreadAsync(thread, Bob));
    }

    [Fact]
    public async Task ThreadIsInvisibleToAUserWhoIsNotAMember()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        Assert.Null(await Store.GetThreadAsync(thread, Carol, Ct));
    }

    [Fact]
    public async Task UnknownThreadIsNotFoundWithOrWithoutAMember()
    {
        var unknown = Guid.CreateVersion7();

        Assert.Null(await Store.GetThreadAsync(unknown, member: null, Ct));
        Assert.Null(await Store.GetThreadAsync(unknown, Alma, Ct));
        Assert.False(await Store.ThreadExistsAsync(unknown, Ct));
    }

    [Fact]
    public async Task MembershipTellsMembersFromOthersAndFromMissingThreads()
    {
        var thread = await CreateThreadAsync(Alma, Bob);

        Assert.Equal(Membership.Member, await Store.GetMembershipAsync(thread, Bob, Ct));
        Assert.Equal(Membership.NotMember, await Store.GetMembershipAsync(thread, Carol, Ct));
        Assert.Equal(Membership.NoThread, await Store.GetMembershipAsync(Guid.CreateVersion7(), Bob, Ct));
    }

    [Fact]
    public async Task ThreadWithTheMostUsersKeepsThemAll()
    {
        string[] users = [.. Enumerable.Range(0, 100).Select(i => $"{Alma}-{i:D3}")];
        var thread = NewThread(users);
        await Store.CreateThreadAsync(thread, key: null, Ct);

        Assert.Equal(users, (await Store.GetThreadAsync(thread.Id, member: null, Ct))!.Users);
        Assert.Equal(Membership.Member, await Store.GetMembershipAsync(thread.Id, users[99], Ct));
    }
}
