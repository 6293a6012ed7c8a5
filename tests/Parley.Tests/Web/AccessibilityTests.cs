using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(WebClientFixture web)
{
    [Fact]
    public async Task KeyboardAloneSignsInStartsAThreadAndSends()
    {
        var bob = Names.User("bob");
        await using var alma = await web.OpenAsync(web.Server.BaseAddress, Names.User("alma"));
        var page = alma.Page;

        await Expect(page.GetByLabel("Username")).ToBeFocusedAsync();
        await page.Keyboard.InsertTextAsync(alma.Username);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#me")).ToHaveTextAsync(alma.Username);

        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "New thread" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New thread" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Members")).ToBeFocusedAsync();
        await page.Keyboard.InsertTextAsync(bob);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Title")).ToBeFocusedAsync();
        await page.Keyboard.InsertTextAsync("By keyboard");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "By keyboard" })).ToBeFocusedAsync();
        await TabToAsync(page, alma.Composer);
        await page.Keyboard.InsertTextAsync("typed, not clicked");
        await page.Keyboard.PressAsync("Enter");

        await Expect(alma.MessageTexts).ToHaveTextAsync(["typed, not clicked"]);
        Assert.Empty(alma.Errors);
    }

    [Fact]
    public async Task EveryFieldAndButtonHasAnAccessibleName()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        await alma.Page.GotoAsync($"/#/threads/{thread}");
        await Expect(alma.Composer).ToBeVisibleAsync();

        var unnamed = await alma.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, textarea, button, a[href]')]
              .filter(el => el.tagName === 'INPUT' || el.tagName === 'TEXTAREA'
                ? el.labels.length === 0
                : el.textContent.trim() === '' && !el.getAttribute('aria-label'))
              .map(el => el.outerHTML)
            """);

        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task AtPhoneWidthNothingScrollsSidewaysAndTheThreadHasAWayBack()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"), width: 360, height: 740);
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        await bobApi.SendAsync(thread, string.Concat(Enumerable.Repeat("longwordwithoutanyspaces", 10)));

        await alma.ThreadLink("longword").ClickAsync();
        await Expect(alma.MessageTexts).ToHaveCountAsync(1);
        Assert.True(await alma.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"));
        await Expect(alma.Page.Locator(".thread-link")).ToBeHiddenAsync();

        await alma.Page.GetByRole(AriaRole.Link, new() { Name = "Threads" }).ClickAsync();
        await Expect(alma.Page.Locator(".thread-link")).ToBeVisibleAsync();
        await Expect(alma.Composer).ToBeHiddenAsync();
        Assert.True(await alma.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"));
    }

    /// <summary>Presses Tab until <paramref name="target"/> has focus, at most 20 times.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < 20 && !await target.EvaluateAsync<bool>("el => el === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(target).ToBeFocusedAsync();
    }
}
