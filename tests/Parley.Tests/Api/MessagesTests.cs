using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class MessagesTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static Task<HttpResponseMessage> PostTextAsync(HttpClient client, string threadId, string text) =>
        client.PostJsonAsync($"/v1/threads/{threadId}/messages", JsonSerializer.Serialize(new { text }));

    [Fact]
    public async Task SendingReturnsCreatedMessageWithLocationOfItsSeq()
    {
        var alma = Names.User();
        using var client = await factory.CreateUserClientAsync(alma);
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await PostTextAsync(client, threadId, "hi");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = await response.ReadJsonAsync();
        var id = message.GetProperty("id").GetString()!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal(id.ToLowerInvariant(), id);
        Assert.Equal(threadId, message.GetProperty("thread_id").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
        Assert.Equal(alma, message.GetProperty("username").GetString());
        Assert.Equal("hi", message.GetProperty("text").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", message.GetProperty("created_at").GetString());
        Assert.Equal($"/v1/threads/{threadId}/messages/1", response.Headers.Location!.OriginalString);
        Assert.Equal(message.GetRawText(), (await client.GetOkAsync(response.Headers.Location.OriginalString)).GetRawText());
    }

    [Fact]
    public async Task SeqsCountUpFromOneInEachThread()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var first = await client.CreateThreadAsync(Names.User());
        var second = await client.CreateThreadAsync(Names.User());

        var seqs = new List<long>();
        foreach (var threadId in new[] { first, first, second, first, second })
        {
            seqs.Add((await client.SendAsync(threadId, "x")).GetProperty("seq").GetInt64());
        }

        Assert.Equal([1, 2, 1, 3, 2], seqs);
    }

    [Theory]
    [InlineData("  leading and trailing  ")]
    [InlineData("\nline one\n\nline three\n")]
    [InlineData("tab\there\t")]
    [InlineData("👍🏽 🇸🇪 e\u0301 <b>&amp;</b> \"quoted\" \\ 日本語")]
    public async Task TextIsStoredAndReturnedExactlyAsSent(string text)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        var sent = await client.SendAsync(threadId, text);
        var fetched = await client.GetOkAsync($"/v1/threads/{threadId}/messages/1");
        var page = await client.GetOkAsync($"/v1/threads/{threadId}/messages");

        Assert.Equal(text, sent.GetProperty("text").GetString());
        Assert.Equal(text, fetched.GetProperty("text").GetString());
        Assert.Equal(text, page.GetProperty("messages")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task TwoHundredEightyCharactersAreAcceptedCountingGraphemes()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());
        var thumbs = string.Concat(Enumerable.Repeat("👍🏽", 280));

        using var letters = await PostTextAsync(client, threadId, new string('a', 280));
        using var emoji = await PostTextAsync(client, threadId, thumbs);

        Assert.Equal(HttpStatusCode.Created, letters.StatusCode);
        Assert.Equal(HttpStatusCode.Created, emoji.StatusCode);
        Assert.Equal(thumbs, (await emoji.ReadJsonAsync()).GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(281, "a")]
    [InlineData(281, "👍🏽")]
    [InlineData(0, "")]
    [InlineData(1, " \n\t ")]
    [InlineData(1, "bell\u0007")]
    [InlineData(1, "carriage\rreturn")]
    [InlineData(1, "nul\0")]
    public async Task TextBreakingTheRulesIsRejected(int repeat, string piece)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await PostTextAsync(client, threadId, string.Concat(Enumerable.Repeat(piece, repeat)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["text"], await response.ErrorFieldsAsync());
        Assert.Equal(0, (await client.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("last_seq").GetInt64());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"text": null}""")]
    public async Task MissingTextIsRejected(string json)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await client.PostJsonAsync($"/v1/threads/{threadId}/messages", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["text"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task TextWithAnEscapedLoneSurrogateIsRejected()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await client.PostJsonAsync($"/v1/threads/{threadId}/messages", """{"text": "lone \ud800 surrogate"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.text", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownPropertiesAreIgnored()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await client.PostJsonAsync($"/v1/threads/{threadId}/messages",
            """{"text": "hi", "mood": "sunny", "meta": {"a": [1]}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ServiceKeySendsAsTheNamedMemberInLowerCase()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);

        var message = await service.SendAsync(threadId, "from the backend", bob.ToUpperInvariant());

        Assert.Equal(bob, message.GetProperty("username").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest)]
    [InlineData("not valid!", HttpStatusCode.BadRequest)]
    [InlineData("stranger", HttpStatusCode.Forbidden)]
    public async Task ServiceKeySendNeedsAMemberUsername(string? username, HttpStatusCode expected)
    {
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(Names.User(), Names.User());

        using var response = await service.PostJsonAsync($"/v1/threads/{threadId}/messages",
            JsonSerializer.Serialize(new { text = "hi", username = username is "stranger" ? Names.User() : username }));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal(["username"], await response.ErrorFieldsAsync());
        }
    }

    [Fact]
    public async Task UserTokenNamingAnotherSenderIsForbidden()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var threadId = await client.CreateThreadAsync(bob);

        using var response = await client.PostJsonAsync($"/v1/threads/{threadId}/messages",
            JsonSerializer.Serialize(new { text = "as bob", username = bob }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
