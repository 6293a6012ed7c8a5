using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

/// <summary>
/// Text from users (titles, messages, names) is a bidirectional island: its direction comes from
/// its own first strong character and it cannot reorder the text around it.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class BidiTests(WebClientFixture web)
{
    // Hebrew, then an unclosed right-to-left isolate: without isolation, both would pull the
    // neutral text and numbers that follow them on the line into right-to-left order.
    private const string RightToLeftTitle = "ארוחת צהריים 12:30 \u2067";
    private const string RightToLeftText = "مرحبا 123 \u2067";

    /// <summary>Every element that shows user text, the inbox's and the open thread's.</summary>
    private const string UserText =
        ".thread-name, .thread-sender, .thread-text, #thread-title, .message-sender, .message-text";

    [Fact]
    public async Task RightToLeftTitlesAndMessagesAreIsolatedFromTheirNeighbours()
    {
        await using var alma = await web.SignInAsync(Names.User("alma"));
        using var bobApi = await web.Server.CreateUserClientAsync(Names.User("bob"));
        var thread = await bobApi.CreateThreadAsync(alma.Username);
        using (var titled = await bobApi.PostJsonAsync("/v1/threads",
            $$"""{"users": ["{{alma.Username}}"], "title": "{{RightToLeftTitle}}"}"""))
        {
            titled.EnsureSuccessStatusCode();
        }

        await bobApi.SendAsync(thread, RightToLeftText);
        await Expect(alma.Page.Locator(".thread-link")).ToHaveCountAsync(2);
        await alma.Page.GotoAsync($"/#/threads/{thread}");
        await Expect(alma.MessageTexts).ToHaveTextAsync([RightToLeftText]);

        var elements = await alma.Page.Locator(UserText).EvaluateAllAsync<Isolation[]>("""
            elements => elements.map(e => ({
              selector: e.className || e.id,
              dir: e.getAttribute('dir') ?? '',
              unicodeBidi: getComputedStyle(e).unicodeBidi,
              direction: getComputedStyle(e).direction,
              text: e.textContent,
            }))
            """);

        // Two inbox rows (name; sender and text where there is a message), the title, one message.
        Assert.Equal(7, elements.Length);
        Assert.All(elements, e => Assert.Equal(("auto", "isolate"), (e.Dir, e.UnicodeBidi)));
        Assert.All(elements, e => Assert.Equal(e.Text is RightToLeftTitle or RightToLeftText ? "rtl" : "ltr", e.Direction));
        Assert.Contains(elements, e => e.Text == RightToLeftTitle);
        Assert.Equal(2, elements.Count(e => e.Text == RightToLeftText));

        // The row's time and the message's time stay left to right, after the text they follow.
        var row = alma.ThreadLink("ארוחת");
        var name = await row.Locator(".thread-name").BoundingBoxAsync();
        var time = await row.Locator(".thread-time").BoundingBoxAsync();
        Assert.NotNull(name);
        Assert.NotNull(time);
        Assert.True(time.X >= name.X + name.Width, $"the time ({time.X}) is not after the title ({name.X}+{name.Width})");
        Assert.Equal("ltr", await row.Locator(".thread-time").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
    }

    /// <summary>How one element with user text is laid out, as the page reports it.</summary>
    public sealed class Isolation
    {
        public string Selector { get; set; } = "";

        public string Dir { get; set; } = "";

        public string UnicodeBidi { get; set; } = "";

        public string Direction { get; set; } = "";

        public string Text { get; set; } = "";

        public override string ToString() => $"{Selector} dir={Dir} unicode-bidi={UnicodeBidi} direction={Direction}";
    }
}
