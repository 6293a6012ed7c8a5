using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class ThreadsTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private const string TimeFormat = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$";

    private static string UsersJson(IEnumerable<string> users, string? title = null) =>
        JsonSerializer.Serialize(new { users, title });

    private static string[] Fresh(int count) => [.. Enumerable.Range(0, count).Select(_ => Names.User())];

    [Fact]
    public async Task CreatingReturnsCreatedThreadWithLocationAndFullShape()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);

        using var response = await client.PostJsonAsync("/v1/threads", UsersJson([alma, bob], "Lunch"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var thread = await response.ReadJsonAsync();
        var id = thread.GetProperty("id").GetString()!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal(id.ToLowerInvariant(), id);
        Assert.Equal($"/v1/threads/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Lunch", thread.GetProperty("title").GetString());
        Assert.Equal([alma, bob], thread.GetProperty("users").Strings());
        Assert.Matches(TimeFormat, thread.GetProperty("created_at").GetString());
        Assert.Equal(0, thread.GetProperty("last_seq").GetInt64());
        Assert.Equal(JsonValueKind.Null, thread.GetProperty("last_message").ValueKind);
        Assert.Equal(0, thread.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task CreatedThreadIsWhatGetReturns()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        using var response = await client.PostJsonAsync("/v1/threads", UsersJson([Names.User()], "Plans"));
        var created = await response.ReadJsonAsync();

        var fetched = await client.GetOkAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(created.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task UsersAreLowerCasedAndDuplicatesCollapseKeepingFirstAppearance()
    {
        var (alma, bob, carol) = (Names.User(), Names.User(), Names.User());
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads",
            UsersJson([bob.ToUpperInvariant(), alma, bob, carol, alma.ToUpperInvariant()]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([bob, alma, carol], (await response.ReadJsonAsync()).GetProperty("users").Strings());
    }

    [Fact]
    public async Task UserCallerMissingFromTheListIsAddedLast()
    {
        var (alma, bob, carol) = (Names.User(), Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);

        using var response = await client.PostJsonAsync("/v1/threads", UsersJson([bob, carol]));

        Assert.Equal([bob, carol, alma], (await response.ReadJsonAsync()).GetProperty("users").Strings());
    }

    [Fact]
    public async Task UserCallerAlreadyListedInAnyCaseIsNotAddedAgain()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);

        using var response = await client.PostJsonAsync("/v1/threads", UsersJson([alma.ToUpperInvariant(), bob]));

        Assert.Equal([alma, bob], (await response.ReadJsonAsync()).GetProperty("users").Strings());
    }

    [Fact]
    public async Task HundredUsersAreAcceptedAndHundredAndOneRejected()
    {
        using var service = factory.CreateServiceClient();

        var users = Fresh(100);

        using var hundred = await service.PostJsonAsync("/v1/threads", UsersJson(users));
        using var hundredAndOne = await service.PostJsonAsync("/v1/threads", UsersJson(Fresh(101)));

        Assert.Equal(HttpStatusCode.Created, hundred.StatusCode);
        Assert.Equal(users, (await hundred.ReadJsonAsync()).GetProperty("users").Strings());
        Assert.Equal(HttpStatusCode.BadRequest, hundredAndOne.StatusCode);
        Assert.Equal(["users"], await hundredAndOne.ErrorFieldsAsync());
    }

    [Fact]
    public async Task TheUserLimitAppliesAfterTheCallerIsAdded()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());

        using var withCallerHundred = await client.PostJsonAsync("/v1/threads", UsersJson(Fresh(99)));
        using var withCallerHundredAndOne = await client.PostJsonAsync("/v1/threads", UsersJson(Fresh(100)));

        Assert.Equal(HttpStatusCode.Created, withCallerHundred.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withCallerHundredAndOne.StatusCode);
        Assert.Equal(["users"], await withCallerHundredAndOne.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("""{"users": []}""")]
    [InlineData("""{"users": ["alma"]}""")]
    [InlineData("""{"users": ["alma", "ALMA", "Alma"]}""")]
    [InlineData("""{"title": "no users"}""")]
    [InlineData("""{"users": null}""")]
    public async Task FewerThanTwoDistinctUsersOrNoListIsRejected(string json)
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["users"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task UserCallerAloneMakesTooFewUsers()
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma);

        using var empty = await client.PostJsonAsync("/v1/threads", """{"users": []}""");
        using var self = await client.PostJsonAsync("/v1/threads", UsersJson([alma.ToUpperInvariant()]));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(["users"], await self.ErrorFieldsAsync());
    }

    [Fact]
    public async Task InvalidUsernamesAreReportedByIndex()
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads",
            JsonSerializer.Serialize(new { users = new[] { Names.User(), "has space", Names.User(), new string('a', 65) } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["users[1]", "users[3]"], (await response.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task UnknownPropertiesAreIgnored()
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads",
            $$"""{"users": ["{{Names.User()}}", "{{Names.User()}}"], "colour": "blue", "extra": {"a": [1, null] } }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ServiceKeyCreationHasNoUnreadCount()
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads", UsersJson(Fresh(2)));

        Assert.False((await response.ReadJsonAsync()).TryGetProperty("unread_count", out _));
    }
}
