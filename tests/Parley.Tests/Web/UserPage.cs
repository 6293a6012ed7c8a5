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

    private readonly Lock _gate = new();
    private readonly List<string> _logged = [];
    private readonly List<string> _expectedFailures = [];

    public UserPage(string username, IBrowserContext context, IPage page)
    {
        Username = username;
        Context = context;
        Page = page;
        // Every screen must run without a console error or warning; the check runs when the
        // page is disposed, so every browser test makes it.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Log($"uncaught: {error}");
    }

    public string Username { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors, warnings and uncaught exceptions so far, expected failed requests aside.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _logged.Where(line => !_expectedFailures.Any(reason =>
                    line.StartsWith("error: Failed to load resource", StringComparison.Ordinal)
                    && line.Contains(reason, StringComparison.Ordinal)))];
            }
        }
    }

    /// <summary>
    /// Lets a request this test makes fail on purpose: the browser logs each failed request as
    /// "Failed to load resource: … status of 400 …" (or "net::ERR_…"), which the client handles.
    /// </summary>
    public void ExpectFailedLoad(string reason)
    {
        lock (_gate)
        {
            _expectedFailures.Add(reason);
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        var logged = Errors;
        await Context.CloseAsync();
        Assert.True(logged.Count == 0, $"The page ({Username}) logged to the console:\n{string.Join('\n', logged)}");
    }

    private void Log(string line)
    {
        lock (_gate)
        {
            _logged.Add(line);
        }
    }
}
