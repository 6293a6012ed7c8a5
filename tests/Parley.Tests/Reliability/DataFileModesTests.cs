using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// The data directory of a real server process is the server's user's only: the directory and
/// every folder in it 0700, every file 0600 (database, -wal, -shm, keys, logs), created that
/// way and tightened at start when an earlier release left them readable by all.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataFileModesTests
{
    private static readonly string[] Users = ["alma", "bob"];
    private static readonly string[] KeptFiles = ["parley.db", "parley.db-wal", "parley.db-shm", "service-key", "signing-key"];

    private const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = ReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode ReadableByAll = ReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OpenFolder = ReadableByAll | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    [Fact]
    public async Task EveryFileTheServerCreatesIsForItsUserOnlyAfterStartAndAfterWrites()
    {
        // No keys configured: the server generates both into the data directory.
        await using var server = new ServerUnderTest(ServerStore.Sqlite, new Dictionary<string, string?>
        {
            ["Parley:Auth:ServiceKey"] = null,
            ["Parley:Auth:SigningKey"] = null,
        });
        await server.StartAsync();
        using (var stranger = server.CreateClient("not-the-service-key"))
        {
            // The keys are generated when a credential is first checked.
            await stranger.GetAsync("/v1/threads?user=alma");
        }

        AssertPrivate(server.DataDirectory);

        using var client = server.CreateClient(File.ReadAllText(Path.Combine(server.DataDirectory, "service-key")).Trim());
        await WriteAsync(client);
        await WaitForLogFileAsync(server.DataDirectory);

        Assert.All(KeptFiles, name => Assert.True(File.Exists(Path.Combine(server.DataDirectory, name)), $"{name} is missing."));
        AssertPrivate(server.DataDirectory);
    }

    [Fact]
    public async Task ADataDirectoryLeftReadableByAllIsTightenedAtStartWithAWarning()
    {
        await using var server = new ServerUnderTest(ServerStore.Sqlite);
        await server.StartAsync();
        using (var client = server.CreateClient())
        {
            await WriteAsync(client);
        }

        await WaitForLogFileAsync(server.DataDirectory);
        // Killed, so that the -wal and -shm files stay, and everything opened up as an earlier
        // release left it: folders 0755, files 0644.
        await server.KillAsync();
        File.WriteAllText(Path.Combine(server.DataDirectory, "service-key"), "left by an earlier start");
        foreach (var entry in Directory.EnumerateFileSystemEntries(server.DataDirectory, "*", SearchOption.AllDirectories).Append(server.DataDirectory))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? OpenFolder : ReadableByAll);
        }

        await server.StartAsync();

        AssertPrivate(server.DataDirectory);
        Assert.Contains(server.Output, line => line.Contains($"Removed other users' permissions from {server.DataDirectory} (mode was 0755)", StringComparison.Ordinal));
        using (var client = server.CreateClient())
        {
            using var threads = await client.GetAsync("/v1/threads?user=alma");
            threads.EnsureSuccessStatusCode();
        }
    }

    private static void AssertPrivate(string dataDirectory)
    {
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(dataDirectory));
        Assert.All(Directory.EnumerateFileSystemEntries(dataDirectory, "*", SearchOption.AllDirectories), entry =>
            Assert.True(File.GetUnixFileMode(entry) == (Directory.Exists(entry) ? PrivateFolder : ReadWrite),
                $"{entry} is {File.GetUnixFileMode(entry)}."));
    }

    private static async Task WriteAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/v1/threads", new { users = Users });
        created.EnsureSuccessStatusCode();
        using var thread = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = thread.RootElement.GetProperty("id").GetString();
        for (var i = 0; i < 5; i++)
        {
            using var sent = await client.PostAsJsonAsync($"/v1/threads/{id}/messages", new { username = "alma", text = $"hello {i}" });
            sent.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The log file is written a second after its first line at most (buffered).</summary>
    private static async Task WaitForLogFileAsync(string dataDirectory)
    {
        var logs = Path.Combine(dataDirectory, "logs");
        for (var waited = 0; waited < 100; waited++)
        {
            if (Directory.Exists(logs) && Directory.EnumerateFiles(logs).Any(file => new FileInfo(file).Length > 0))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("No log file was written.");
    }
}
