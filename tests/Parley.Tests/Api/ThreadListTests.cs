using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class ThreadListTests(SteppingClockFactory factory) : IClassFixture<SteppingClockFactory>
{
    private static IReadOnlyList<string> Ids(JsonElement list) =>
        [.. list.GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    private static async Task<List<string>> CreateThreadsAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await client.CreateThreadAsync(Names.User()));
        }

        return ids;
    }

    [Fact]
    public async Task ThreadsComeMostRecentlyActiveFirst()
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma);
        var ids = await CreateThreadsAsync(client, 3);

        var byCreation = Ids(await client.GetOkAsync("/v1/threads"));
        await client.SendAsync(ids[0], "bump");
        var afterSend = Ids(await client.GetOkAsync("/v1/threads"));

        Assert.Equal([ids[2], ids[1], ids[0]], byCreation);
        Assert.Equal([ids[0], ids[2], ids[1]], afterSend);
    }

    [Fact]
    public async Task CursorPagesWalkTheWholeListWithoutGapsOrRepeats()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var ids = await CreateThreadsAsync(client, 5);
        await client.SendAsync(ids[1], "bump");

        var walked = new List<string>();
        var sizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await client.GetOkAsync("/v1/threads?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            sizes.Add(Ids(page).Count);
            walked.AddRange(Ids(page));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal([ids[1], ids[4], ids[3], ids[2], ids[0]], walked);
    }

    [Fact]
    public async Task LastPageHasNullNextCursor()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        await CreateThreadsAsync(client, 2);

        var page = await client.GetOkAsync("/v1/threads?limit=2");

        Assert.Equal(2, Ids(page).Count);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task DefaultLimitIsTwenty()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        await CreateThreadsAsync(client, 21);

        var page = await client.GetOkAsync("/v1/threads");

        Assert.Equal(20, Ids(page).Count);
        Assert.NotNull(page.GetProperty("next_cursor").GetString());
    }

    [Fact]
    public async Task ListHoldsOnlyTheCallersThreadsWithTheirUnreadCounts()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var shared = await service.CreateThreadAsync(alma, bob);
        await service.CreateThreadAsync(bob, Names.User());
        await service.SendAsync(shared, "hi alma", bob);
        using var client = await factory.CreateUserClientAsync(alma);

        var list = await client.GetOkAsync("/v1/threads");

        var only = Assert.Single(list.GetProperty("threads").EnumerateArray());
        Assert.Equal(shared, only.GetProperty("id").GetString());
        Assert.Equal(1, only.GetProperty("unread_count").GetInt32());
        Assert.Equal("hi alma", only.GetProperty("last_message").GetProperty("text").GetString());
    }

    [Fact]
    public async Task ServiceKeyMustNameTheUser()
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.GetAsync("/v1/threads");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["user"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task ServiceKeyNamingAUserListsThatUsersThreadsWithUnreadCounts()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(threadId, "hello", bob);

        var list = await service.GetOkAsync($"/v1/threads?user={alma.ToUpperInvariant()}");

        var only = Assert.Single(list.GetProperty("threads").EnumerateArray());
        Assert.Equal(threadId, only.GetProperty("id").GetString());
        Assert.Equal(1, only.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task UserTokenNamingAnotherUserIsForbidden()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());

        using var response = await client.GetAsync($"/v1/threads?user={Names.User()}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task BadQueryIsRejectedNamingTheParameter(string query, string field)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());

        using var response = await client.GetAsync($"/v1/threads?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task LimitOfHundredIsAccepted()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        await CreateThreadsAsync(client, 1);

        var page = await client.GetOkAsync("/v1/threads?limit=100");

        Assert.Single(Ids(page));
    }
}
