using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class SessionTests(WebClientFixture web, KestrelParleyFactory production) : IClassFixture<KestrelParleyFactory>
{
    [Fact]
    public async Task ReloadKeepsTheSessionAndTheOpenThread()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        await bobApi.SendAsync(thread, "still here");
        await alma.Page.GotoAsync($"/#/threads/{thread}");
        await Expect(alma.MessageTexts).ToHaveTextAsync(["still here"]);

        await alma.Page.ReloadAsync();

        await Expect(alma.Page.Locator("#me")).ToHaveTextAsync(alma.Username);
        await Expect(alma.MessageTexts).ToHaveTextAsync(["still here"]);
        Assert.DoesNotContain("eyJ", alma.Page.Url, StringComparison.Ordinal);
        var stored = await alma.Page.EvaluateAsync<string>("() => sessionStorage.getItem('parley.session')");
        Assert.Contains(alma.Username, stored, StringComparison.Ordinal);
        Assert.Equal(0, await alma.Page.EvaluateAsync<int>("() => localStorage.length"));
    }

    [Fact]
    public async Task SigningOutForgetsTheTokenAndShowsTheSignInForm()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));

        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(alma.Page.GetByLabel("Username")).ToBeVisibleAsync();
        Assert.Null(await alma.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('parley.session')"));
        await alma.Page.ReloadAsync();
        await Expect(alma.Page.GetByLabel("Username")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnInvalidUsernameIsExplainedBesideTheField()
    {
        await using var visitor = await web.OpenAsync(web.Server.BaseAddress, "visitor");
        visitor.ExpectFailedLoad("status of 400");

        await visitor.Page.GetByLabel("Username").FillAsync("not valid!");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(visitor.Page.Locator("#dev-username-error")).ToContainTextAsync("must be 1–64 characters");
        await Expect(visitor.Page.GetByLabel("Username")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task WithoutDevTokensTheUserSignsInWithAPastedToken()
    {
        var username = Names.User("alma");
        var token = await production.MintTokenAsync(username);
        await using var alma = await web.OpenAsync(production.BaseAddress, username);

        await Expect(alma.Page.GetByLabel("User token")).ToBeVisibleAsync();
        await Expect(alma.Page.GetByLabel("Username")).ToBeHiddenAsync();
        await alma.Page.GetByLabel("User token").FillAsync("not-a-token");
        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(alma.Page.Locator("#token-error")).ToContainTextAsync("not a Parley user token");

        await alma.Page.GetByLabel("User token").FillAsync(token);
        await alma.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(alma.Page.Locator("#me")).ToHaveTextAsync(username);
        await Expect(alma.Page.GetByRole(AriaRole.Heading, new() { Name = "Threads" })).ToBeVisibleAsync();
    }
}
