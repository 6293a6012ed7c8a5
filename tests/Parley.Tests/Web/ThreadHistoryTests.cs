using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class ThreadHistoryTests(WebClientFixture web)
{
    private const string Seqs = "items => items.map(item => Number(item.dataset.seq))";

    [Fact]
    public async Task ScrollingUpLoadsOlderMessagesWithoutMovingTheOnesInView()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"), height: 700);
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        for (var i = 1; i <= 60; i++)
        {
            await bobApi.SendAsync(thread, $"message {i}");
        }

        await alma.Page.GotoAsync($"/#/threads/{thread}");
        var items = alma.Page.Locator("#messages > li");
        await Expect(items).ToHaveCountAsync(50);
        Assert.Equal(Enumerable.Range(11, 50), await items.EvaluateAllAsync<int[]>(Seqs));

        // Scroll to the top, where the oldest shown message sits; the next page goes above it.
        var anchor = alma.Page.Locator("#messages > li[data-seq='11']");
        await alma.Page.Locator("#scroller").EvaluateAsync("scroller => { scroller.scrollTop = 0; }");
        var before = await anchor.BoundingBoxAsync();
        await Expect(items).ToHaveCountAsync(60);
        var after = await anchor.BoundingBoxAsync();

        Assert.Equal(Enumerable.Range(1, 60), await items.EvaluateAllAsync<int[]>(Seqs));
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.InRange(after.Y - before.Y, -2, 2);
    }
}
