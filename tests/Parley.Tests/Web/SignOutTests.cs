using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

/// <summary>Signing out ends everything the session started: a next user in the same tab starts clean.</summary>
[Collection(BrowserGroup.Name)]
public sealed class SignOutTests(WebClientFixture web)
{
    // Long enough for a second, duplicate request started by the same click to be stored.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task AfterSigningOutAndInAgainASendPostsOnceAndOnlyToTheOpenThread()
    {
        var bob = Names.User("bob");
        await using var tab = await web.SignInAsync(Names.User("alma"));
        using var carlApi = await web.Server.CreateUserClientAsync(Names.User("carl"));
        // Bob is in alma's thread too, so a composer left over from her session could post there as him.
        var almasThread = await carlApi.CreateThreadAsync(tab.Username, bob);
        var bobsThread = await carlApi.CreateThreadAsync(bob);
        await tab.Page.GotoAsync($"/#/threads/{almasThread}");
        await Expect(tab.Page.GetByText("No messages yet. Say hello.")).ToBeVisibleAsync();

        await SignOutAndInAsync(tab, bob);
        await tab.Page.GotoAsync($"/#/threads/{bobsThread}");
        await Expect(tab.Page.GetByText("No messages yet. Say hello.")).ToBeVisibleAsync();
        await tab.SendAsync("once");
        await Expect(tab.MessageTexts).ToHaveTextAsync(["once"]);
        await Task.Delay(Settle);

        using var service = web.Server.CreateServiceClient();
        Assert.Equal([1], (await service.GetOkAsync($"/v1/threads/{bobsThread}/messages")).Seqs());
        Assert.Empty((await service.GetOkAsync($"/v1/threads/{almasThread}/messages")).Seqs());
    }

    [Fact]
    public async Task AfterSigningOutAndInAgainANewThreadIsCreatedOnce()
    {
        var bob = Names.User("bob");
        await using var tab = await web.SignInAsync(Names.User("alma"));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "New thread" }).ClickAsync();
        await Expect(tab.Page.GetByLabel("Members")).ToBeVisibleAsync();

        await SignOutAndInAsync(tab, bob);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "New thread" }).ClickAsync();
        await tab.Page.GetByLabel("Members").FillAsync(Names.User("carl"));
        await tab.Page.GetByLabel("Title").FillAsync("Only one");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create thread" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Only one" })).ToBeVisibleAsync();
        await Task.Delay(Settle);

        using var service = web.Server.CreateServiceClient();
        var threads = (await service.GetOkAsync($"/v1/threads?user={bob}")).GetProperty("threads");
        Assert.Equal(1, threads.GetArrayLength());
        await Expect(tab.Page.Locator(".thread-link")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task TheNextUserSeesNothingOfThePreviousSession()
    {
        await using var tab = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(tab.Username);
        await bobApi.SendAsync(thread, "for alma only");
        await tab.Page.GotoAsync($"/#/threads/{thread}");
        await Expect(tab.MessageTexts).ToHaveTextAsync(["for alma only"]);
        await tab.Composer.FillAsync("alma's draft");

        await SignOutAndInAsync(tab, Names.User("dora"));

        await Expect(tab.Page.Locator(".thread-link")).ToHaveCountAsync(0);
        await Expect(tab.Page.GetByText("Pick a thread, or start a new one.")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("for alma only")).ToHaveCountAsync(0);
        Assert.Equal("", await tab.Composer.InputValueAsync());
        // A message for alma's thread arriving now must not reach dora's screen.
        await bobApi.SendAsync(thread, "still for alma");
        await Task.Delay(Settle);
        await Expect(tab.Page.Locator(".thread-link")).ToHaveCountAsync(0);
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>(
            "() => window.__streams.filter(s => s.readyState !== EventSource.CLOSED && s.url.includes('/v1/threads/')).length"));
    }

    private static async Task SignOutAndInAsync(UserPage tab, string username)
    {
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await tab.Page.GetByLabel("Username").FillAsync(username);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(tab.Page.Locator("#me")).ToHaveTextAsync(username);
    }
}
