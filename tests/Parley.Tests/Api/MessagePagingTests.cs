using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class MessagePagingTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private async Task<string> ThreadWithMessagesAsync(int count)
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        for (var i = 1; i <= count; i++)
        {
            await service.SendAsync(threadId, $"message {i}", i % 2 == 0 ? alma : bob);
        }

        return threadId;
    }

    [Theory]
    [InlineData("limit=3", "5,6,7", true)]
    [InlineData("", "1,2,3,4,5,6,7", false)]
    [InlineData("limit=7", "1,2,3,4,5,6,7", false)]
    [InlineData("before_seq=5&limit=3", "2,3,4", true)]
    [InlineData("before_seq=4&limit=3", "1,2,3", false)]
    [InlineData("before_seq=3&limit=3", "1,2", false)]
    [InlineData("before_seq=1", "", false)]
    [InlineData("before_seq=99&limit=2", "6,7", true)]
    [InlineData("after_seq=0&limit=3", "1,2,3", true)]
    [InlineData("after_seq=3&limit=4", "4,5,6,7", false)]
    [InlineData("after_seq=4&limit=3", "5,6,7", false)]
    [InlineData("after_seq=5&limit=3", "6,7", false)]
    [InlineData("after_seq=7", "", false)]
    public async Task PageHoldsTheRightSeqsOldestFirstAndHasMoreLooksInTheDirectionOfTravel(
        string query, string seqs, bool hasMore)
    {
        var threadId = await ThreadWithMessagesAsync(7);
        using var service = factory.CreateServiceClient();

        var page = await service.GetOkAsync($"/v1/threads/{threadId}/messages?{query}");

        Assert.Equal(seqs, string.Join(',', page.Seqs()));
        Assert.Equal(hasMore, page.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task PageMessagesAreWholeMessages()
    {
        var threadId = await ThreadWithMessagesAsync(2);
        using var service = factory.CreateServiceClient();

        var page = await service.GetOkAsync($"/v1/threads/{threadId}/messages");
        var second = await service.GetOkAsync($"/v1/threads/{threadId}/messages/2");

        Assert.Equal(second.GetRawText(), page.GetProperty("messages")[1].GetRawText());
        Assert.Equal("message 1", page.GetProperty("messages")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task DefaultLimitIsFifty()
    {
        var threadId = await ThreadWithMessagesAsync(51);
        using var service = factory.CreateServiceClient();

        var page = await service.GetOkAsync($"/v1/threads/{threadId}/messages");

        Assert.Equal(Enumerable.Range(2, 50).Select(i => (long)i), page.Seqs());
        Assert.True(page.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task LimitOfTwoHundredIsAccepted()
    {
        var threadId = await ThreadWithMessagesAsync(1);
        using var service = factory.CreateServiceClient();

        var page = await service.GetOkAsync($"/v1/threads/{threadId}/messages?limit=200");

        Assert.Equal([1L], page.Seqs());
    }

    [Fact]
    public async Task EmptyThreadHasAnEmptyPage()
    {
        var threadId = await ThreadWithMessagesAsync(0);
        using var service = factory.CreateServiceClient();

        var page = await service.GetOkAsync($"/v1/threads/{threadId}/messages");

        Assert.Empty(page.Seqs());
        Assert.False(page.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("before_seq=abc", "before_seq")]
    [InlineData("before_seq=-2", "before_seq")]
    [InlineData("after_seq=1.5", "after_seq")]
    [InlineData("before_seq=5&after_seq=1", "before_seq")]
    public async Task BadQueryIsRejectedWithErrors(string query, string field)
    {
        var threadId = await ThreadWithMessagesAsync(1);
        using var service = factory.CreateServiceClient();

        using var response = await service.GetAsync($"/v1/threads/{threadId}/messages?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("one")]
    public async Task MessageThatDoesNotExistIsNotFound(string seq)
    {
        var threadId = await ThreadWithMessagesAsync(1);
        using var service = factory.CreateServiceClient();

        using var response = await service.GetAsync($"/v1/threads/{threadId}/messages/{seq}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("0196f1d2-7c1a-7b3e-9a4f-2d5c8e9f0a1b")]
    [InlineData("nope")]
    public async Task UnknownThreadIsNotFoundOnEveryMessageRoute(string threadId)
    {
        using var service = factory.CreateServiceClient();

        using var page = await service.GetAsync($"/v1/threads/{threadId}/messages");
        using var one = await service.GetAsync($"/v1/threads/{threadId}/messages/1");
        using var send = await service.PostJsonAsync($"/v1/threads/{threadId}/messages", $$"""{"text": "hi", "username": "{{Names.User()}}"}""");
        using var read = await service.PutJsonAsync($"/v1/threads/{threadId}/read", $$"""{"seq": 1, "username": "{{Names.User()}}"}""");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}
