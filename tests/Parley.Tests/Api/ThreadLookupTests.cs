using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class ThreadLookupTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private async Task<(string Alma, string Bob, string ThreadId)> ThreadWithTwoMessagesFromBobAsync()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(threadId, "one", bob);
        await service.SendAsync(threadId, "two", bob);
        return (alma, bob, threadId);
    }

    [Fact]
    public async Task GetShowsLastSeqAndTheNewestMessage()
    {
        var (alma, _, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var client = await factory.CreateUserClientAsync(alma);

        var thread = await client.GetOkAsync($"/v1/threads/{threadId}");
        var newest = await client.GetOkAsync($"/v1/threads/{threadId}/messages/2");

        Assert.Equal(threadId, thread.GetProperty("id").GetString());
        Assert.Equal(2, thread.GetProperty("last_seq").GetInt64());
        Assert.Equal(newest.GetRawText(), thread.GetProperty("last_message").GetRawText());
    }

    [Fact]
    public async Task UserTokenGetsItsOwnUnreadCount()
    {
        var (alma, bob, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var almaClient = await factory.CreateUserClientAsync(alma);
        using var bobClient = await factory.CreateUserClientAsync(bob);

        Assert.Equal(2, (await almaClient.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("unread_count").GetInt32());
        Assert.Equal(0, (await bobClient.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task UserTokenNamingItselfInAnyCaseGetsItsUnreadCount()
    {
        var (alma, _, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var client = await factory.CreateUserClientAsync(alma);

        var thread = await client.GetOkAsync($"/v1/threads/{threadId}?user={alma.ToUpperInvariant()}");

        Assert.Equal(2, thread.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task UserTokenNamingAnotherMemberIsForbidden()
    {
        var (alma, bob, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var client = await factory.CreateUserClientAsync(alma);

        using var response = await client.GetAsync($"/v1/threads/{threadId}?user={bob}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ServiceKeyWithoutUserGetsNoUnreadCount()
    {
        var (_, _, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var service = factory.CreateServiceClient();

        var thread = await service.GetOkAsync($"/v1/threads/{threadId}");

        Assert.False(thread.TryGetProperty("unread_count", out _));
        Assert.Equal(2, thread.GetProperty("last_seq").GetInt64());
    }

    [Fact]
    public async Task ServiceKeyNamingAMemberGetsThatMembersUnreadCount()
    {
        var (alma, bob, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var service = factory.CreateServiceClient();

        var forAlma = await service.GetOkAsync($"/v1/threads/{threadId}?user={alma.ToUpperInvariant()}");
        var forBob = await service.GetOkAsync($"/v1/threads/{threadId}?user={bob}");

        Assert.Equal(2, forAlma.GetProperty("unread_count").GetInt32());
        Assert.Equal(0, forBob.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task ServiceKeyNamingANonMemberIsForbidden()
    {
        var (_, _, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var service = factory.CreateServiceClient();

        using var response = await service.GetAsync($"/v1/threads/{threadId}?user={Names.User()}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ServiceKeyNamingAnInvalidUsernameIsRejected()
    {
        var (_, _, threadId) = await ThreadWithTwoMessagesFromBobAsync();
        using var service = factory.CreateServiceClient();

        using var response = await service.GetAsync($"/v1/threads/{threadId}?user=no%20spaces");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["user"], await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("0196f1d2-7c1a-7b3e-9a4f-2d5c8e9f0a1b")]
    [InlineData("not-a-thread-id")]
    public async Task UnknownOrMalformedThreadIdIsNotFound(string threadId)
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.GetAsync($"/v1/threads/{threadId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ThreadWithoutMessagesHasNullLastMessageAndZeroUnread()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var threadId = await client.CreateThreadAsync(bob);

        var thread = await client.GetOkAsync($"/v1/threads/{threadId}");

        Assert.Equal(JsonValueKind.Null, thread.GetProperty("last_message").ValueKind);
        Assert.Equal(0, thread.GetProperty("unread_count").GetInt32());
        Assert.Equal([bob, alma], thread.GetProperty("users").Strings());
    }
}
