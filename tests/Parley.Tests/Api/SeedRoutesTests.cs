using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

/// <summary>The seed service's own cases, on <c>POST /thread</c> and <c>POST /thread/{id}/{username}</c>.</summary>
public sealed class SeedRoutesTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static string[] Users(int count) => [.. Enumerable.Range(0, count).Select(_ => Names.User())];

    [Fact]
    public async Task OneHundredUsersAreAccepted()
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/thread", new { users = Users(100) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task OneHundredAndOneUsersAreRejected()
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/thread", new { users = Users(101) });
        await response.AssertInvalidAsync("users");
    }

    [Fact]
    public async Task UserTokenCallerCountsTowardsTheLimit()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        using var ninetyNine = await client.PostAsJsonAsync("/thread", new { users = Users(99) });
        Assert.Equal(HttpStatusCode.Created, ninetyNine.StatusCode);
        using var hundred = await client.PostAsJsonAsync("/thread", new { users = Users(100) });
        await hundred.AssertInvalidAsync("users");
    }

    [Theory]
    [InlineData("""{"users": ["alma"]}""")]
    [InlineData("""{"users": []}""")]
    [InlineData("""{"users": ["alma", "ALMA", "Alma"]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"users": null}""")]
    [InlineData("""{"Users": ["alma", "bob"]}""")]
    public async Task FewerThanTwoDistinctUsersAreRejected(string body)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync("/thread", Json(body));
        await response.AssertInvalidAsync("users");
    }

    [Fact]
    public async Task InvalidUsernameIsRejectedByPosition()
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/thread", new { users = new[] { Names.User(), "not valid" } });
        await response.AssertInvalidAsync("users[1]");
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        using var service = factory.CreateServiceClient();
        var body = $$"""{"users": ["{{Names.User()}}", "{{Names.User()}}"], "title": "ignored", "extra": {"nested": [1, true, null]}, "n": 1.5}""";
        using var response = await service.PostAsync("/thread", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task UnknownFieldsInAPostAreIgnored()
    {
        var (thread, member) = await NewThreadAsync();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync($"/thread/{thread}/{member}", Json("""{"message": "hi", "username": "someone", "seq": 9}"""));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        // Stored once, as the path's member said it, as the first message.
        var message = Assert.Single((await service.GetOkAsync($"/v1/threads/{thread}/messages")).GetProperty("messages").EnumerateArray());
        Assert.Equal("hi", message.GetProperty("text").GetString());
        Assert.Equal(member, message.GetProperty("username").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task TwoHundredEightyCharactersArePosted()
    {
        var (thread, member) = await NewThreadAsync();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync($"/thread/{thread}/{member}", new { message = new string('x', 279) + "👍🏽" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData(281)]
    [InlineData(1000)]
    public async Task MessageLongerThanTwoHundredEightyCharactersIsRejected(int length)
    {
        var (thread, member) = await NewThreadAsync();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync($"/thread/{thread}/{member}", new { message = new string('x', length) });
        await response.AssertInvalidAsync("message");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"message": null}""")]
    [InlineData("""{"message": ""}""")]
    [InlineData("""{"message": "   "}""")]
    [InlineData("""{"message": "bell\u0007"}""")]
    [InlineData("""{"text": "hi"}""")]
    public async Task MissingOrBrokenMessageIsRejected(string body)
    {
        var (thread, member) = await NewThreadAsync();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync($"/thread/{thread}/{member}", Json(body));
        await response.AssertInvalidAsync("message");
    }

    [Fact]
    public async Task EscapedLoneSurrogateIsRejected()
    {
        var (thread, member) = await NewThreadAsync();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsync($"/thread/{thread}/{member}", Json("""{"message": "a\ud800b"}"""));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("0190b8a0-0000-7000-8000-000000000000")]
    [InlineData("not-a-thread")]
    public async Task PostingToAnUnknownThreadIsNotFound(string thread)
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync($"/thread/{thread}/{Names.User()}", new { message = "hi" });
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-member")]
    [InlineData("not%20valid")]
    [InlineData("%C3%A9lise")]
    public async Task PostingAsANonMemberIsForbidden(string username)
    {
        var (thread, _) = await NewThreadAsync();
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync($"/thread/{thread}/{username}", new { message = "hi" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UserTokenPostingAsAnotherMemberIsForbidden()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(bob);
        using var response = await client.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = "hi" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var own = await client.PostAsJsonAsync($"/thread/{thread}/{alma.ToUpperInvariant()}", new { message = "hi" });
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
    }

    [Fact]
    public async Task UserTokenOutsideTheThreadGetsNotFound()
    {
        var (thread, member) = await NewThreadAsync();
        using var client = await factory.CreateUserClientAsync(Names.User());
        using var post = await client.PostAsJsonAsync($"/thread/{thread}/{member}", new { message = "hi" });
        await post.AssertProblemAsync(HttpStatusCode.NotFound);
        using var read = await client.GetAsync($"/thread/{thread}");
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task InvisibleThreadIsNotFoundEvenWithABadBody()
    {
        var (thread, member) = await NewThreadAsync();
        using var client = await factory.CreateUserClientAsync(Names.User());
        using var response = await client.PostAsync($"/thread/{thread}/{member}", Json("{not json"));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<(string Thread, string Member)> NewThreadAsync()
    {
        using var service = factory.CreateServiceClient();
        var member = Names.User();
        return (await service.CreateThreadAsync(member, Names.User()), member);
    }
}
