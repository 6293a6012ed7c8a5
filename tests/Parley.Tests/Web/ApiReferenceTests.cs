using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

/// <summary>The API reference at /docs renders in a real browser under its own policy, calling no other host.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ApiReferenceTests(WebClientFixture web)
{
    [Fact]
    public async Task TheReferenceRendersTheDocumentWithoutAPolicyViolationOrARequestToAnotherHost()
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await using var reader = new UserPage("reader of /docs", context, page);
        var elsewhere = new List<string>();
        context.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != web.Server.BaseAddress.Authority)
            {
                lock (elsewhere)
                {
                    elsewhere.Add(request.Url);
                }
            }
        };

        await page.GotoAsync("/docs/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Parley", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Live events", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Is the process running?").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (elsewhere)
        {
            Assert.Empty(elsewhere);
        }
    }
}
