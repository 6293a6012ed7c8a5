using Microsoft.Playwright;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Web;

/// <summary>
/// One server (Development, dev tokens on) and one headless Chromium from the distribution's
/// package, shared by the browser tests. Each test opens its own browser contexts and users.
/// </summary>
public sealed class WebClientFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DevelopmentKestrelFactory Server { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {ChromiumPath}; ./test.sh installs it.");
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context signed in through the page's own dev-token form.</summary>
    public Task<UserPage> SignInAsync(string username, int width = 1280, int height = 800) =>
        SignInAsync(Server.BaseAddress, username, width, height);

    public async Task<UserPage> SignInAsync(Uri server, string username, int width = 1280, int height = 800)
    {
        var user = await OpenAsync(server, username, width, height);
        await user.Page.GetByLabel("Username").FillAsync(username);
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Threads" })).ToBeVisibleAsync();
        return user;
    }

    /// <summary>A fresh browser context on the client's start page, not signed in.</summary>
    public async Task<UserPage> OpenAsync(Uri server, string username, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        await context.AddInitScriptAsync(UserPage.StreamTracker);
        var page = await context.NewPageAsync();
        var user = new UserPage(username, context, page);
        await page.GotoAsync("/");
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<WebClientFixture>
{
    public const string Name = "Browser";
}
