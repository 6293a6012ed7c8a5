using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class LiveChatTests(WebClientFixture web)
{
    [Fact]
    public async Task TwoUsersCreateAThreadAndSeeEachOthersMessagesLive()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        await using var bob = await web.SignInAsync(Names.User("bob"));

        await alma.Page.GetByRole(AriaRole.Link, new() { Name = "New thread" }).ClickAsync();
        await alma.Page.GetByLabel("Members").FillAsync(bob.Username);
        await alma.Page.GetByLabel("Title").FillAsync("Lunch");
        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Create thread" }).ClickAsync();
        await Expect(alma.Page.GetByRole(AriaRole.Heading, new() { Name = "Lunch" })).ToBeVisibleAsync();
        await alma.SendAsync("Noon at the usual place?");

        // Bob's inbox learns of the thread and its message from his live stream, without a reload.
        await Expect(bob.ThreadLink("Lunch")).ToContainTextAsync("Noon at the usual place?");
        await bob.ThreadLink("Lunch").ClickAsync();
        await Expect(bob.MessageTexts).ToHaveTextAsync(["Noon at the usual place?"]);
        await bob.SendAsync("Yes, see you there");

        await Expect(alma.MessageTexts).ToHaveTextAsync(["Noon at the usual place?", "Yes, see you there"]);
        await Expect(bob.MessageTexts).ToHaveTextAsync(["Noon at the usual place?", "Yes, see you there"]);
        Assert.Empty(alma.Errors);
        Assert.Empty(bob.Errors);
    }

    [Fact]
    public async Task OwnMessagesAreMarkedAndEveryMessageShowsItsSenderAndTime()
    {
        var bobName = Names.User("bob");
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(bobName);
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        await bobApi.SendAsync(thread, "from bob");

        await alma.Page.GotoAsync($"/#/threads/{thread}");
        await alma.SendAsync("from alma");

        var messages = alma.Page.Locator("#messages > li");
        await Expect(messages).ToHaveCountAsync(2);
        await Expect(messages.Nth(0)).Not.ToHaveClassAsync(new Regex("mine"));
        await Expect(messages.Nth(0).Locator(".message-sender")).ToHaveTextAsync(bobName);
        await Expect(messages.Nth(1)).ToHaveClassAsync(new Regex("mine"));
        await Expect(messages.Nth(1).Locator(".message-sender")).ToHaveTextAsync("You");
        await Expect(messages.Locator("time[datetime]")).ToHaveCountAsync(2);
    }
}
