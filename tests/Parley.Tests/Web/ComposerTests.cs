using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

[Collection(BrowserGroup.Name)]
public sealed class ComposerTests(WebClientFixture web)
{
    /// <summary>Opens, in alma's page, a new empty thread with bob; returns its id.</summary>
    private async Task<string> OpenThreadAsync(UserPage alma)
    {
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        await alma.Page.GotoAsync($"/#/threads/{thread}");
        await Expect(alma.Page.GetByText("No messages yet. Say hello.")).ToBeVisibleAsync();
        return thread;
    }

    [Fact]
    public async Task CounterCountsEachEmojiAsOneCharacterAndSendStopsPast280()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        await OpenThreadAsync(alma);
        var count = alma.Page.Locator("#count");

        // A thumbs-up with a skin tone is two code points, four UTF-16 units, one character.
        await alma.Composer.FillAsync(string.Concat(Enumerable.Repeat("👍🏽", 280)));
        await Expect(count).ToHaveTextAsync("280/280");
        await Expect(alma.SendButton).ToBeEnabledAsync();

        await alma.Composer.FillAsync(string.Concat(Enumerable.Repeat("👍🏽", 280)) + "👨‍👩‍👧");
        await Expect(count).ToHaveTextAsync("281/280: 1 too many");
        await Expect(alma.SendButton).ToBeDisabledAsync();
    }

    [Fact]
    public async Task SendIsDisabledWhileTheTextIsBlank()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        await OpenThreadAsync(alma);

        await Expect(alma.SendButton).ToBeDisabledAsync();
        await alma.Composer.FillAsync(" \n\t ");
        await Expect(alma.SendButton).ToBeDisabledAsync();
        await alma.Composer.FillAsync(" hi ");
        await Expect(alma.SendButton).ToBeEnabledAsync();
    }

    [Fact]
    public async Task EnterSendsAndShiftEnterStartsANewLine()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        await OpenThreadAsync(alma);

        await alma.Composer.PressSequentiallyAsync("first line");
        await alma.Composer.PressAsync("Shift+Enter");
        await alma.Composer.PressSequentiallyAsync("second line");
        await Expect(alma.Composer).ToHaveValueAsync("first line\nsecond line");
        await alma.Composer.PressAsync("Enter");

        await Expect(alma.MessageTexts).ToHaveTextAsync(["first line\nsecond line"]);
        await Expect(alma.Composer).ToHaveValueAsync("");
    }

    [Fact]
    public async Task ARejectedSendStaysInTheComposerWithTheApisMessage()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        await OpenThreadAsync(alma);

        // The client lets a bell character through; the server's rules refuse it.
        alma.ExpectFailedLoad("status of 400");
        await alma.Composer.FillAsync("ring \u0007");
        await alma.SendButton.ClickAsync();

        await Expect(alma.Page.Locator("#send-error")).ToHaveTextAsync(
            "Not sent. The message must not contain control characters other than newline and tab.");
        await Expect(alma.Composer).ToHaveValueAsync("ring \u0007");
        await Expect(alma.MessageTexts).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RetryingAFailedSendReusesItsIdempotencyKeyAndPostsOnce()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        var thread = await OpenThreadAsync(alma);
        var keys = new List<string?>();
        var attempts = 0;
        alma.ExpectFailedLoad("net::ERR_CONNECTION_RESET");
        await alma.Page.RouteAsync(new Regex("/messages$"), async route =>
        {
            keys.Add(await route.Request.HeaderValueAsync("idempotency-key"));
            // The first attempt reaches the server, but its answer is lost on the way back.
            var response = await route.FetchAsync();
            if (++attempts == 1)
            {
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.FulfillAsync(new RouteFulfillOptions { Response = response });
        });

        await alma.Composer.FillAsync("only once");
        await alma.SendButton.ClickAsync();
        await Expect(alma.Page.Locator("#send-error")).ToContainTextAsync("Cannot reach the server");
        await Expect(alma.Composer).ToHaveValueAsync("only once");
        await alma.SendButton.ClickAsync();

        await Expect(alma.Composer).ToHaveValueAsync("");
        await Expect(alma.MessageTexts).ToHaveTextAsync(["only once"]);
        Assert.Equal(2, keys.Count);
        Assert.False(string.IsNullOrEmpty(keys[0]));
        Assert.Equal(keys[0], keys[1]);
        using var service = web.Server.CreateServiceClient();
        Assert.Equal([1], (await service.GetOkAsync($"/v1/threads/{thread}/messages")).Seqs());
    }

    [Fact]
    public async Task TooManyRequestsSaysWhenToTryAgain()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        await OpenThreadAsync(alma);
        alma.ExpectFailedLoad("status of 429");
        await alma.Page.RouteAsync(new Regex("/messages$"), route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 429,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "7" },
            Body = """{"title":"Too Many Requests","status":429,"detail":"Too many requests; retry in 7 s."}""",
        }));

        await alma.Composer.FillAsync("hello");
        await alma.SendButton.ClickAsync();

        await Expect(alma.Page.Locator("#send-error")).ToHaveTextAsync("Not sent. Too many requests at once. Try again in 7 seconds.");
        await Expect(alma.Composer).ToHaveValueAsync("hello");
    }
}
