using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>A user who is not a member meets a 404 everywhere, however bad the rest of the request.</summary>
public sealed class VisibilityTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private async Task<string> OthersThreadAsync()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(threadId, "private", alma);
        return threadId;
    }

    [Theory]
    [InlineData("")]
    [InlineData("?user=someone")]
    public async Task GettingAnotherUsersThreadIsNotFound(string query)
    {
        var threadId = await OthersThreadAsync();
        using var outsider = await factory.CreateUserClientAsync(Names.User());

        using var response = await outsider.GetAsync($"/v1/threads/{threadId}{query}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/messages")]
    [InlineData("/messages?before_seq=2")]
    [InlineData("/messages?after_seq=0")]
    [InlineData("/messages?limit=0&before_seq=1&after_seq=x")]
    [InlineData("/messages/1")]
    [InlineData("/messages/99")]
    public async Task ReadingAnotherUsersMessagesIsNotFound(string path)
    {
        var threadId = await OthersThreadAsync();
        using var outsider = await factory.CreateUserClientAsync(Names.User());

        using var response = await outsider.GetAsync($"/v1/threads/{threadId}{path}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"text": "hi"}""", null)]
    [InlineData("""{"text": ""}""", null)]
    [InlineData("""{"text": "hi", "username": "someone"}""", null)]
    [InlineData("""{"text": 5}""", null)]
    [InlineData("""{"text": "hi"}""", "")]
    public async Task SendingToAnotherUsersThreadIsNotFound(string json, string? key)
    {
        var threadId = await OthersThreadAsync();
        using var outsider = await factory.CreateUserClientAsync(Names.User());

        using var response = await outsider.PostJsonAsync($"/v1/threads/{threadId}/messages", json, key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var service = factory.CreateServiceClient();
        Assert.Equal(1, (await service.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("last_seq").GetInt64());
    }

    [Theory]
    [InlineData("""{"seq": 1}""")]
    [InlineData("""{"seq": -1}""")]
    [InlineData("""{"seq": 1, "username": "someone"}""")]
    public async Task MarkingAnotherUsersThreadReadIsNotFound(string json)
    {
        var threadId = await OthersThreadAsync();
        using var outsider = await factory.CreateUserClientAsync(Names.User());

        using var response = await outsider.PutJsonAsync($"/v1/threads/{threadId}/read", json);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersThreadIsNotInTheList()
    {
        await OthersThreadAsync();
        using var outsider = await factory.CreateUserClientAsync(Names.User());

        var list = await outsider.GetOkAsync("/v1/threads");

        Assert.Empty(list.GetProperty("threads").EnumerateArray());
    }

    [Fact]
    public async Task NotFoundForAnotherUsersThreadMatchesNotFoundForNoThread()
    {
        var threadId = await OthersThreadAsync();
        using var outsider = await factory.CreateUserClientAsync(Names.User());

        using var hidden = await outsider.GetAsync($"/v1/threads/{threadId}/messages");
        using var missing = await outsider.GetAsync($"/v1/threads/{Guid.CreateVersion7()}/messages");

        var (a, b) = (await hidden.ReadJsonAsync(), await missing.ReadJsonAsync());
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
    }
}
