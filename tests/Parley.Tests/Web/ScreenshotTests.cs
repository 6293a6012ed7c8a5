using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.Web;

/// <summary>
/// Pictures of the client for people to look at, saved under artifacts/screenshots (git-ignored).
/// The plain names (alma, bob, …) read well in a picture; no other test uses them.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ScreenshotTests(WebClientFixture web)
{
    private static readonly string[] LunchGroup = ["bob", "carl"];

    [Fact]
    public async Task InboxAndThreadAreCapturedAtDesktopAndPhoneWidths()
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
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

            Assert.True(new FileInfo(inbox).Length > 0);
            Assert.True(new FileInfo(view).Length > 0);
        }
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

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Parley.slnx was not found above the test binaries.");
    }
}
