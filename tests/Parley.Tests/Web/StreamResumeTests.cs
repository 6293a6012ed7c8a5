using System.Text.RegularExpressions;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class StreamResumeTests(WebClientFixture web)
{
    [Fact]
    public async Task ADroppedThreadStreamResumesAfterTheLastShownMessageWithoutGapOrDuplicate()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        foreach (var text in new[] { "m1", "m2", "m3" })
        {
            await bobApi.SendAsync(thread, text);
        }

        await alma.Page.GotoAsync($"/#/threads/{thread}");
        await Expect(alma.MessageTexts).ToHaveTextAsync(["m1", "m2", "m3"]);

        // Hold the reconnect until bob has sent more, so those messages fall in the gap.
        var reconnect = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await alma.Page.RouteAsync(new Regex("/v1/threads/[^/]+/events"), async route =>
        {
            reconnect.TrySetResult(route.Request.Url);
            await release.Task;
            await route.ContinueAsync();
        });

        Assert.Equal(1, await alma.DropStreamsAsync($"/v1/threads/{thread}/events"));
        await Expect(alma.Page.Locator("#live-state")).ToHaveTextAsync("Reconnecting…");
        await bobApi.SendAsync(thread, "m4");
        await bobApi.SendAsync(thread, "m5");
        var url = await reconnect.Task.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();

        Assert.Contains("after_seq=3", url, StringComparison.Ordinal);
        await Expect(alma.MessageTexts).ToHaveTextAsync(["m1", "m2", "m3", "m4", "m5"]);
        await Expect(alma.Page.Locator("#live-state")).ToHaveTextAsync("");

        await bobApi.SendAsync(thread, "m6");
        await Expect(alma.MessageTexts).ToHaveTextAsync(["m1", "m2", "m3", "m4", "m5", "m6"]);
        Assert.Equal(Enumerable.Range(1, 6), await alma.Page.Locator("#messages > li")
            .EvaluateAllAsync<int[]>("items => items.map(item => Number(item.dataset.seq))"));
    }

    [Fact]
    public async Task AMessageSentByTheUserIsShownOnceThoughItAlsoArrivesOnTheStream()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        await alma.Page.GotoAsync($"/#/threads/{thread}");

        await alma.SendAsync("mine");
        await bobApi.SendAsync(thread, "after mine");

        // Bob's message comes over the stream after alma's own, so hers has been through it too.
        await Expect(alma.MessageTexts).ToHaveTextAsync(["mine", "after mine"]);
    }

    [Fact]
    public async Task ADroppedInboxStreamReloadsTheListWhenItReconnects()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var first = await bobApi.CreateThreadAsync(alma.Username);
        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(1);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await alma.Page.RouteAsync(new Regex("/v1/events"), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        Assert.Equal(1, await alma.DropStreamsAsync("/v1/events"));
        await Expect(alma.Page.Locator("#live-state")).ToHaveTextAsync("Reconnecting…");

        // Both happen while the stream is away; the user stream does not replay them.
        await bobApi.SendAsync(first, "while away");
        await bobApi.CreateThreadAsync(alma.Username);
        release.SetResult();

        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(2);
        await Expect(alma.ThreadLink("while away").Locator(".badge")).ToHaveAttributeAsync("data-unread", "1");
        await Expect(alma.Page.Locator("#live-state")).ToHaveTextAsync("");
    }
}
