using System.Diagnostics;
using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// The built server started as a service manager starts it, from a directory that is not its
/// own: it finds its settings and its web client beside Parley.dll and keeps its limits, while
/// a relative data directory stays relative to where it was started.
/// </summary>
public sealed class WorkingDirectoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartedFromAnotherDirectoryTheServerServesItsClientKeepsItsLimitsAndKeepsItsDataThere()
    {
        var elsewhere = Directory.CreateTempSubdirectory("parley-elsewhere-").FullName;
        try
        {
            // No data directory setting: the default, ./data.
            await using var server = new ServerUnderTest(ServerStore.Sqlite, new Dictionary<string, string?>
            {
                ["Parley:DataDirectory"] = null,
            }, workingDirectory: elsewhere);
            await server.StartAsync();
            using var client = server.CreateClient(credential: null);

            using var page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

            using var crowded = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            for (var i = 0; i < 80; i++)
            {
                crowded.Headers.Add($"X-Filler-{i}", "x");
            }

            using var refused = await client.SendAsync(crowded);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);

            Assert.True(File.Exists(Path.Combine(elsewhere, "data", "parley.db")), "The database is not under the working directory's ./data.");
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task StartedFromTheRootDirectoryTheServerBecomesReadyPromptly()
    {
        // Its data directory is absolute (a temporary one), so nothing is written under /.
        await using var server = new ServerUnderTest(ServerStore.Sqlite, workingDirectory: "/");
        var clock = Stopwatch.StartNew();

        await server.StartAsync();

        using var client = server.CreateClient(credential: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Figures.Report(output, "working-directory/root", $"started from / and ready in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
