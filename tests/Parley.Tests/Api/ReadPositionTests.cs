using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class ReadPositionTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static async Task<int> UnreadAsync(HttpClient client, string threadId) =>
        (await client.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("unread_count").GetInt32();

    private sealed record Chat(string ThreadId, HttpClient Alma, HttpClient Bob, HttpClient Carol) : IDisposable
    {
        public void Dispose()
        {
            Alma.Dispose();
            Bob.Dispose();
            Carol.Dispose();
        }
    }

    private async Task<Chat> ChatAsync()
    {
        var (alma, bob, carol) = (Names.User(), Names.User(), Names.User());
        var almaClient = await factory.CreateUserClientAsync(alma);
        var threadId = await almaClient.CreateThreadAsync(bob, carol);
        return new Chat(threadId, almaClient, await factory.CreateUserClientAsync(bob), await factory.CreateUserClientAsync(carol));
    }

    [Fact]
    public async Task UnreadCountIsOthersMessagesAboveTheReadPosition()
    {
        using var chat = await ChatAsync();
        await chat.Bob.SendAsync(chat.ThreadId, "1");
        await chat.Bob.SendAsync(chat.ThreadId, "2");
        await chat.Alma.SendAsync(chat.ThreadId, "3");
        await chat.Bob.SendAsync(chat.ThreadId, "4");

        Assert.Equal(1, await UnreadAsync(chat.Alma, chat.ThreadId));
        Assert.Equal(0, await UnreadAsync(chat.Bob, chat.ThreadId));
        Assert.Equal(4, await UnreadAsync(chat.Carol, chat.ThreadId));
    }

    [Fact]
    public async Task MarkingReadReturnsNoContentAndLowersTheUnreadCount()
    {
        using var chat = await ChatAsync();
        for (var i = 0; i < 4; i++)
        {
            await chat.Bob.SendAsync(chat.ThreadId, $"{i}");
        }

        Assert.Equal(HttpStatusCode.NoContent, await chat.Carol.MarkReadAsync(chat.ThreadId, 3));
        Assert.Equal(1, await UnreadAsync(chat.Carol, chat.ThreadId));
        Assert.Equal(4, await UnreadAsync(chat.Alma, chat.ThreadId));
    }

    [Fact]
    public async Task SendingMovesTheSendersReadPositionToTheNewMessage()
    {
        using var chat = await ChatAsync();
        await chat.Bob.SendAsync(chat.ThreadId, "1");
        await chat.Bob.SendAsync(chat.ThreadId, "2");
        await chat.Carol.SendAsync(chat.ThreadId, "3");

        await chat.Alma.SendAsync(chat.ThreadId, "4");
        await chat.Alma.MarkReadAsync(chat.ThreadId, 1);
        await chat.Bob.SendAsync(chat.ThreadId, "5");

        // Had the position stayed at 0 (or moved back to 1), messages 2, 3 and 5 would be unread.
        Assert.Equal(1, await UnreadAsync(chat.Alma, chat.ThreadId));
    }

    [Fact]
    public async Task ReadPositionNeverMovesBackwards()
    {
        using var chat = await ChatAsync();
        for (var i = 0; i < 3; i++)
        {
            await chat.Bob.SendAsync(chat.ThreadId, $"{i}");
        }

        Assert.Equal(HttpStatusCode.NoContent, await chat.Alma.MarkReadAsync(chat.ThreadId, 3));
        Assert.Equal(HttpStatusCode.NoContent, await chat.Alma.MarkReadAsync(chat.ThreadId, 1));
        Assert.Equal(HttpStatusCode.NoContent, await chat.Alma.MarkReadAsync(chat.ThreadId, 0));

        Assert.Equal(0, await UnreadAsync(chat.Alma, chat.ThreadId));
    }

    [Fact]
    public async Task PositionBeyondLastSeqIsClampedToIt()
    {
        using var chat = await ChatAsync();
        await chat.Bob.SendAsync(chat.ThreadId, "1");
        await chat.Bob.SendAsync(chat.ThreadId, "2");

        Assert.Equal(HttpStatusCode.NoContent, await chat.Alma.MarkReadAsync(chat.ThreadId, 1_000));
        await chat.Bob.SendAsync(chat.ThreadId, "3");
        var unreadAfterNewMessage = await UnreadAsync(chat.Alma, chat.ThreadId);
        await chat.Alma.MarkReadAsync(chat.ThreadId, 3);

        // Clamped to 2, so message 3 is unread and marking 3 read moves the position on.
        Assert.Equal(1, unreadAfterNewMessage);
        Assert.Equal(0, await UnreadAsync(chat.Alma, chat.ThreadId));
    }

    [Fact]
    public async Task ServiceKeyMovesTheNamedMembersPosition()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(threadId, "1", bob);
        await service.SendAsync(threadId, "2", bob);

        Assert.Equal(HttpStatusCode.NoContent, await service.MarkReadAsync(threadId, 1, alma.ToUpperInvariant()));

        var thread = await service.GetOkAsync($"/v1/threads/{threadId}?user={alma}");
        Assert.Equal(1, thread.GetProperty("unread_count").GetInt32());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest)]
    [InlineData("not valid!", HttpStatusCode.BadRequest)]
    [InlineData("stranger", HttpStatusCode.Forbidden)]
    public async Task ServiceKeyMustNameAMember(string? username, HttpStatusCode expected)
    {
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(Names.User(), Names.User());

        var status = await service.MarkReadAsync(threadId, 1, username is "stranger" ? Names.User() : username);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task UserTokenNamingAnotherMemberIsForbidden()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var threadId = await client.CreateThreadAsync(bob);

        Assert.Equal(HttpStatusCode.Forbidden, await client.MarkReadAsync(threadId, 1, bob));
        Assert.Equal(HttpStatusCode.NoContent, await client.MarkReadAsync(threadId, 1, alma.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"seq": -1}""")]
    [InlineData("""{"seq": null}""")]
    public async Task MissingOrNegativeSeqIsRejected(string json)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await client.PutJsonAsync($"/v1/threads/{threadId}/read", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["seq"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task MarkingReadStoresNoMessage()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        await client.MarkReadAsync(threadId, 5);

        var thread = await client.GetOkAsync($"/v1/threads/{threadId}");
        Assert.Equal(0, thread.GetProperty("last_seq").GetInt64());
        Assert.Equal(JsonValueKind.Null, thread.GetProperty("last_message").ValueKind);
    }
}
