using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class InboxTests(WebClientFixture web)
{
    [Fact]
    public async Task UnreadBadgeAppearsForNewMessagesAndClearsWhenTheThreadIsOpened()
    {
        await using var bob = await web.SignInAsync(Names.User("bob"));
        using var almaApi = await web.Server.CreateUserClientAsync(Names.User("alma"));
        var thread = await almaApi.CreateThreadAsync(bob.Username);
        await Expect(bob.Page.Locator(".thread-link")).ToHaveCountAsync(1);

        await almaApi.SendAsync(thread, "one");
        await almaApi.SendAsync(thread, "two");

        var badge = bob.Page.Locator(".thread-link .badge");
        await Expect(badge).ToHaveAttributeAsync("data-unread", "2");
        await Expect(badge).ToHaveTextAsync("2 unread messages");

        await bob.Page.Locator(".thread-link").ClickAsync();
        await Expect(bob.MessageTexts).ToHaveTextAsync(["one", "two"]);
        await Expect(badge).ToHaveCountAsync(0);

        // The read position reached the server: a fresh load shows no badge either.
        await bob.Page.GotoAsync("/");
        await Expect(bob.Page.Locator(".thread-link")).ToContainTextAsync("two");
        await Expect(badge).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AThreadThatArrivesLiveWhileTheInboxReloadsStaysListed()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        await bobApi.CreateThreadAsync(alma.Username);
        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(1);
        var answered = new TaskCompletionSource<IAPIResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await alma.Page.RouteAsync("**/v1/threads?limit=20", async route =>
        {
            // The reload's answer is taken from the server now and handed to the page later:
            // an answer older than the live event that arrives in between.
            var response = await route.FetchAsync();
            answered.TrySetResult(response);
            await release.Task;
            await route.FulfillAsync(new() { Response = response });
        });

        Assert.Equal(1, await alma.DropStreamsAsync("/v1/events"));
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await bobApi.CreateThreadAsync(alma.Username);
        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(2);
        release.SetResult();
        await Expect(alma.Page.Locator("#live-state")).ToHaveTextAsync("");

        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task InboxListsTheMostRecentlyActiveThreadFirst()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var older = await bobApi.CreateThreadAsync(alma.Username);
        await bobApi.SendAsync(older, "in the older thread");
        var newer = await bobApi.CreateThreadAsync(alma.Username);
        await bobApi.SendAsync(newer, "in the newer thread");
        await Expect(alma.Page.Locator(".thread-preview")).ToHaveTextAsync([new Regex("newer"), new Regex("older")]);

        await bobApi.SendAsync(older, "the older thread wakes up");

        await Expect(alma.Page.Locator(".thread-preview")).ToHaveTextAsync([new Regex("wakes up"), new Regex("newer")]);
    }

    [Fact]
    public async Task LoadMoreFetchesTheNextPageOfThreads()
    {
        var almaName = Names.User("alma");
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        for (var i = 0; i < 23; i++)
        {
            await bobApi.CreateThreadAsync(almaName);
        }

        await using var alma = await web.SignInAsync(almaName);
        var more = alma.Page.GetByRole(AriaRole.Button, new() { Name = "Load more threads" });
        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(20);

        await more.ClickAsync();

        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(23);
        await Expect(more).ToBeHiddenAsync();
    }
}
