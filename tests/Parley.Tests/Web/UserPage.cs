using Microsoft.Playwright;

namespace Parley.Tests.Web;

/// <summary>One person's browser window: its own context (cookies, sessionStorage) and page.</summary>
public sealed class UserPage : IAsyncDisposable
{
    /// <summary>
    /// Remembers every EventSource the page opens, so a test can cut one as a network drop
    /// would: closed, then an error event, which is all a page sees of a drop.
    /// </summary>
    public const string StreamTracker = """
        (() => {
          const Native = window.EventSource;
          window.__streams = [];
          window.EventSource = class extends Native {
            constructor(url, init) { super(url, init); window.__streams.push(this); }
          };
        })();
        """;

    private readonly List<string> _errors = [];

    public UserPage(string username, IBrowserContext context, IPage page)
    {
        Username = username;
        Context = context;
        Page = page;
        // A failed API call is logged by the browser as "Failed to load resource"; the client
        // handles those. Anything else (a script error, a blocked resource) is a fault.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Add(error);
    }

    public string Username { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions so far, API failures aside.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public ILocator ThreadLink(string name) => Page.Locator(".thread-link", new() { HasText = name });

    public ILocator MessageTexts => Page.Locator("#messages .message-text");

    public ILocator Composer => Page.GetByLabel("Message", new() { Exact = true });

    public ILocator SendButton => Page.GetByRole(AriaRole.Button, new() { Name = "Send" });

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await SendButton.ClickAsync();
        await Assertions.Expect(Composer).ToHaveValueAsync("");
    }

    /// <summary>Cuts the page's open streams whose URL has <paramref name="path"/>; returns how many were open.</summary>
    public Task<int> DropStreamsAsync(string path) => Page.EvaluateAsync<int>("""
        path => {
          const open = window.__streams.filter(s => new URL(s.url).pathname.includes(path) && s.readyState !== EventSource.CLOSED);
          for (const stream of open) {
            stream.close();
            stream.dispatchEvent(new Event('error'));
          }
          return open.length;
        }
        """, path);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
