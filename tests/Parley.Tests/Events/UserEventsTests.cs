using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

public sealed class UserEventsTests(KestrelParleyFactory factory) : IClassFixture<KestrelParleyFactory>
{
    [Fact]
    public async Task UserStreamAnnouncesNewThreadsAndCarriesTheirMessages()
    {
        var bob = Names.User("bob");
        using var bobClient = await factory.CreateUserClientAsync(bob);
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        await using var events = await SseClient.OpenAsync(bobClient, "/v1/events");

        using var created = await alma.PostAsJsonAsync("/v1/threads", new { users = new[] { bob }, title = "Lunch" });
        var threadId = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        var threadEvent = await events.NextAsync();
        Assert.Equal("thread", threadEvent?.EventType);
        using (var thread = JsonDocument.Parse(threadEvent!.Value.Data))
        {
            Assert.Equal(threadId, thread.RootElement.GetProperty("id").GetString());
            Assert.Equal("Lunch", thread.RootElement.GetProperty("title").GetString());
            Assert.Equal(0, thread.RootElement.GetProperty("unread_count").GetInt32());
        }

        await alma.SendAsync(threadId, "hi bob");
        var messageEvent = await events.NextAsync();
        Assert.Equal("message", messageEvent?.EventType);
        using var message = JsonDocument.Parse(messageEvent!.Value.Data);
        Assert.Equal("hi bob", message.RootElement.GetProperty("text").GetString());
        Assert.Equal(threadId, message.RootElement.GetProperty("thread_id").GetString());
    }

    [Fact]
    public async Task UserStreamCarriesNothingFromThreadsTheUserIsNotIn()
    {
        var bob = Names.User("bob");
        using var bobClient = await factory.CreateUserClientAsync(bob);
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        await using var events = await SseClient.OpenAsync(bobClient, "/v1/events");

        var others = await alma.CreateThreadAsync(Names.User("carl"));
        await alma.SendAsync(others, "not for bob");
        var mine = await alma.CreateThreadAsync(bob);
        await alma.SendAsync(mine, "for bob");

        Assert.Equal("thread", (await events.NextAsync())?.EventType);
        var next = await events.NextAsync();
        using var message = JsonDocument.Parse(next!.Value.Data);
        Assert.Equal("for bob", message.RootElement.GetProperty("text").GetString());
    }
}
