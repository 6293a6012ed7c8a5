using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class NewThreadTests(WebClientFixture web)
{
    [Fact]
    public async Task AnInvalidMemberIsNamedBesideTheFieldWithTheApisRule()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        alma.ExpectFailedLoad("status of 400");
        await alma.Page.GetByRole(AriaRole.Link, new() { Name = "New thread" }).ClickAsync();

        await alma.Page.GetByLabel("Members").FillAsync($"{Names.User("bob")}, b@d!");
        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Create thread" }).ClickAsync();

        var members = alma.Page.GetByLabel("Members");
        await Expect(alma.Page.Locator("#members-error")).ToHaveTextAsync(
            "“b@d!” must be 1–64 characters of A-Z, a-z, 0-9, '_', '.', '-' or '@', and not '.' or '..'.");
        await Expect(members).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(members).ToBeFocusedAsync();
        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ThreadWithOnlyTheCallerIsRefusedWithTheMemberCount()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        alma.ExpectFailedLoad("status of 400");
        await alma.Page.GetByRole(AriaRole.Link, new() { Name = "New thread" }).ClickAsync();

        await alma.Page.GetByLabel("Members").FillAsync(alma.Username);
        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Create thread" }).ClickAsync();

        await Expect(alma.Page.Locator("#members-error")).ToContainTextAsync("must hold 2–100 distinct users");
    }

    [Fact]
    public async Task ATitleThatIsTooLongIsExplainedBesideTheTitle()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        alma.ExpectFailedLoad("status of 400");
        await alma.Page.GetByRole(AriaRole.Link, new() { Name = "New thread" }).ClickAsync();

        await alma.Page.GetByLabel("Members").FillAsync(Names.User("bob"));
        await alma.Page.GetByLabel("Title").FillAsync(new string('t', 101));
        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Create thread" }).ClickAsync();

        await Expect(alma.Page.Locator("#title-error")).ToHaveTextAsync("The title must be at most 100 characters.");
        await Expect(alma.Page.Locator("#members-error")).ToBeHiddenAsync();
    }
}
