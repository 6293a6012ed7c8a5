using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Storage.Sqlite;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// A slow reader of the seed GET against the server on Kestrel and SQLite. A reader once held
/// one read transaction for its whole response, and 16,000 sends meanwhile grew the WAL to
/// 286 MB, which stayed that size: now the WAL stays small while the reader reads, and the
/// reader still gets every message stored before it asked.
/// </summary>
public sealed class SeedReadWalTests(ITestOutputHelper output)
{
    private const int Stored = 2000;
    private const int SentWhileReading = 1500;

    [Fact]
    public async Task WhileASlowClientReadsAThreadSendsGoOnAndTheWalStaysSmall()
    {
        await using var factory = new KestrelParleyFactory();
        Assert.SkipWhen(factory.PostgresDatabase is not null, "The WAL is SQLite's.");
        var store = factory.Services.GetRequiredService<IParleyStore>();
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        var thread = Guid.CreateVersion7();
        await store.CreateThreadAsync(new NewThread(thread, null, [alma, bob], DateTimeOffset.UtcNow), key: null, CancellationToken.None);
        // About 16 MB of messages: far more than the buffers between the server and its reader hold.
        for (var i = 0; i < Stored; i += 8)
        {
            await Task.WhenAll(Enumerable.Range(i, 8).Select(n => SendAsync(store, thread, alma, $"{n:D5}{new string('s', 8000)}")));
        }

        var before = new List<string>();
        await foreach (var message in store.ReadMessagesAfterAsync(thread, 0, CancellationToken.None))
        {
            before.Add(message.Text);
        }

        using var client = factory.CreateServiceClient();
        using var response = await client.GetAsync($"/thread/{thread}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();
        using var stop = new CancellationTokenSource();
        var slowly = ReadSlowlyAsync(body, received, stop.Token);

        for (var i = 0; i < SentWhileReading; i++)
        {
            await SendAsync(store, thread, bob, $"sent while reading {i} {new string('r', 1000)}");
        }

        var wal = new FileInfo(Path.Combine(factory.DataDirectory, "parley.db-wal")).Length;
        Figures.Report(output, "seed-read/wal", $"{SentWhileReading} sends while a slow client read a 16 MB thread: WAL {wal / 1024.0 / 1024:0.0} MB");
        Assert.InRange(wal, 0, SqliteConnections.WalSizeLimit);
        Assert.False(slowly.IsCompleted, "The slow reader finished early; the test proves nothing.");

        await stop.CancelAsync();
        await slowly;
        await body.CopyToAsync(received);
        received.Position = 0;
        using var json = await JsonDocument.ParseAsync(received);
        var messages = json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetString()).ToList();
        Assert.Equal(before, messages.Take(Stored));
        Assert.All(messages.Skip(Stored), text => Assert.StartsWith("sent while reading", text, StringComparison.Ordinal));
    }

    private static async Task SendAsync(IParleyStore store, Guid thread, string username, string text)
    {
        var now = DateTimeOffset.UtcNow;
        var outcome = await store.AppendMessageAsync(new NewMessage(Guid.CreateVersion7(now), thread, username, text, now), key: null, CancellationToken.None);
        Assert.Equal(WriteStatus.Done, outcome.Status);
    }

    /// <summary>About 10 KB/s: fast enough for the server's minimum response rate, far too slow for 16 MB.</summary>
    private static async Task ReadSlowlyAsync(Stream body, MemoryStream received, CancellationToken stop)
    {
        var buffer = new byte[1024];
        while (!stop.IsCancellationRequested)
        {
            var read = await body.ReadAsync(buffer, CancellationToken.None);
            if (read == 0)
            {
                return;
            }

            received.Write(buffer, 0, read);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
