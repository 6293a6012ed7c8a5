using System.Buffers.Binary;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

/// <summary>
/// Pictures of the client for people to look at: the inbox and a thread at desktop and phone
/// widths. A run never writes into the repository: the pictures go to a fresh temporary folder,
/// removed afterwards, unless <c>PARLEY_SCREENSHOTS</c> names a folder to keep them in. The
/// picture in the README and docs/web-client.md, docs/screenshot.png, is the desktop thread view;
/// <c>PARLEY_REFRESH_DOCS_SCREENSHOT=1</c> replaces it with this run's, for a deliberate refresh
/// after the client's look changes. The plain names (alma, bob, …) read well in a picture; no
/// other test uses them.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ScreenshotTests(WebClientFixture web, ITestOutputHelper output)
{
    private static readonly string[] LunchGroup = ["bob", "carl"];

    [Fact]
    public async Task InboxAndThreadAreCapturedAtDesktopAndPhoneWidths()
    {
        var kept = Environment.GetEnvironmentVariable("PARLEY_SCREENSHOTS") is { Length: > 0 } named ? named : null;
        var folder = kept ?? Directory.CreateTempSubdirectory("parley-screenshots-").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            var thread = await SeedAsync();
            foreach (var (label, width, height) in new[] { ("desktop", 1280, 800), ("phone", 360, 740) })
            {
                await using var alma = await web.SignInAsync("alma", width, height);
                await Expect(alma.ThreadLink("Friday lunch")).ToBeVisibleAsync();
                var inbox = Path.Combine(folder, $"inbox-{label}.png");
                await alma.Page.ScreenshotAsync(new() { Path = inbox });

                await alma.Page.GotoAsync($"/#/threads/{thread}");
                await Expect(alma.MessageTexts).ToHaveCountAsync(5);
                var view = Path.Combine(folder, $"thread-{label}.png");
                await alma.Page.ScreenshotAsync(new() { Path = view });

                Assert.Equal((width, height), PngSize(inbox));
                Assert.Equal((width, height), PngSize(view));
            }

            if (Environment.GetEnvironmentVariable("PARLEY_REFRESH_DOCS_SCREENSHOT") == "1")
            {
                File.Copy(Path.Combine(folder, "thread-desktop.png"), Path.Combine(BuiltServer.RepositoryRoot(), "docs", "screenshot.png"), overwrite: true);
                output.WriteLine("docs/screenshot.png refreshed.");
            }
        }
        finally
        {
            if (kept is null)
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                output.WriteLine($"Screenshots kept in {kept}.");
            }
        }
    }

    /// <summary>A PNG's width and height, from its header chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        Span<byte> header = stackalloc byte[24];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        return (BinaryPrimitives.ReadInt32BigEndian(header[16..]), BinaryPrimitives.ReadInt32BigEndian(header[20..]));
    }

    private async Task<string> SeedAsync()
    {
        using var alma = await web.Server.CreateUserClientAsync("alma");
        using var bob = await web.Server.CreateUserClientAsync("bob");
        using var carl = await web.Server.CreateUserClientAsync("carl");

        var release = await carl.CreateThreadAsync("alma", "dana");
        await carl.SendAsync(release, "Release notes are in the shared folder.");
        var quiz = await bob.CreateThreadAsync("alma");
        await bob.SendAsync(quiz, "Quiz night on Thursday?");
        await alma.SendAsync(quiz, "Count me in");

        using var created = await alma.PostAsJsonAsync("/v1/threads", new { users = LunchGroup, title = "Friday lunch" });
        var lunch = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        await alma.SendAsync(lunch, "Lunch on Friday? The new ramen place opened.");
        await bob.SendAsync(lunch, "Yes! 12:30 works for me 🍜");
        await carl.SendAsync(lunch, "I'm in, but I have a call at 13:30.");
        await alma.SendAsync(lunch, "12:15 then, so we are back in time.\nI'll book a table for three.");
        await bob.SendAsync(lunch, "Perfect 👍🏽");
        await carl.SendAsync(release, "Can someone proofread them before Friday?");
        return lunch;
    }
}
