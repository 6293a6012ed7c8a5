using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// SIGTERM, as a service manager or container runtime sends it, while writers send and clients
/// hold live streams. The provider is a parameter, as in <see cref="CrashSafetyTests"/>.
/// </summary>
public abstract class GracefulShutdownTests(ServerStore store, ITestOutputHelper output)
{
    private const int StreamsPerThread = 8;
    private static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(15);

    [Fact]
    public Task SigtermUnderLoadLosesNothingAcknowledgedAndEndsEveryStreamCleanly() => RunAsync(stops: 1);

    [SoakFact]
    [Trait("Category", "Soak")]
    public Task RepeatedSigtermsUnderLoadLoseNothingAcknowledged() =>
        RunAsync(stops: int.TryParse(Environment.GetEnvironmentVariable("PARLEY_SOAK_STOPS"), out var n) && n > 0 ? n : 10);

    private async Task RunAsync(int stops)
    {
        const int timeoutSeconds = 10;
        await using var server = new ServerUnderTest(store, new Dictionary<string, string?>
        {
            ["shutdownTimeoutSeconds"] = $"{timeoutSeconds}",
            ["Parley:Events:PingSeconds"] = "1",
        });
        await server.StartAsync();
        using var service = server.CreateClient();
        var load = new SendLoad(threads: 3, writersPerThread: 3);
        await load.SetUpAsync(service);
        using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(120 * stops));
        using var stop = new CancellationTokenSource();
        var writers = load.RunAsync(service, stop.Token, abort.Token);
        var exits = new List<(int? Code, double Seconds)>();
        var ends = new List<StreamEnd>();
        var (duringAcknowledged, duringRefused, duringCut) = (0, 0, 0);
        for (var round = 0; round < stops; round++)
        {
            var streams = new List<Task<StreamEnd>>();
            foreach (var thread in load.ThreadIds)
            {
                var member = (await service.GetOkAsync($"/v1/threads/{thread}")).GetProperty("users")[0].GetString();
                streams.Add(DrainAsync(await SseClient.OpenAsync(service, $"/v1/events?user={member}")));
                for (var i = 0; i < StreamsPerThread; i++)
                {
                    streams.Add(DrainAsync(await SseClient.OpenAsync(service, $"/v1/threads/{thread}/events")));
                }
            }

            await CrashSafetyTests.AwaitProgressAsync(load, writers, 60, abort.Token);
            var (acknowledged, refused, cut) = (load.Acknowledged, load.Refused, load.ConnectionFailures);
            load.MarkDown();
            var clock = Stopwatch.StartNew();
            server.Terminate();
            exits.Add((await server.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds) + ExitMargin), clock.Elapsed.TotalSeconds));
            ends.AddRange(await Task.WhenAll(streams).WaitAsync(abort.Token));
            (duringAcknowledged, duringRefused, duringCut) = (duringAcknowledged + load.Acknowledged - acknowledged,
                duringRefused + load.Refused - refused, duringCut + load.ConnectionFailures - cut);
            await server.StartAsync();
            load.MarkUp();
        }

        await CrashSafetyTests.AwaitProgressAsync(load, writers, 30, abort.Token);
        await stop.CancelAsync();
        await writers;
        var check = await load.CheckAsync(service);
        var replayMismatches = await load.ReplayMismatchesAsync(service);

        Figures.Report(output, $"graceful-shutdown/{store}",
            $"stops={stops} exit-codes={string.Join(',', exits.Select(e => e.Code).Distinct())} slowest-exit={exits.Max(e => e.Seconds):0.0} s (timeout {timeoutSeconds} s); "
            + $"during shutdown: acknowledged={duringAcknowledged} refused-503={duringRefused} connection-closed={duringCut}; "
            + $"streams={ends.Count} ended-cleanly={ends.Count(e => e.Clean)} streams-with-gaps={ends.Count(e => e.Gap)}; "
            + $"acknowledged={load.Acknowledged} {check} replays-mismatched={replayMismatches} unexpected-answers={load.Unexpected.Count}");

        Assert.All(exits, exit => Assert.Equal(0, exit.Code));
        Assert.DoesNotContain(server.Output, line => line.StartsWith("fail:", StringComparison.Ordinal));
        Assert.All(ends, end => Assert.True(end.Clean, "A stream was cut instead of ended."));
        Assert.DoesNotContain(ends, end => end.Gap);
        Assert.Empty(load.Unexpected);
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Duplicated);
        Assert.Equal(0, check.Unacknowledged);
        Assert.Equal(0, check.ThreadsWithGaps);
        Assert.Equal(0, replayMismatches);
    }

    [Fact]
    public async Task ShutdownGivesUpOnAStalledRequestAtTheConfiguredTimeout()
    {
        // A client that never finishes its body would hold the server for Kestrel's 60 s body
        // grace period here; the 2 s shutdown timeout must end the process long before that.
        const int timeoutSeconds = 2;
        await using var server = new ServerUnderTest(store, new Dictionary<string, string?>
        {
            ["shutdownTimeoutSeconds"] = $"{timeoutSeconds}",
            ["Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond"] = "1",
            ["Kestrel:Limits:MinRequestBodyDataRate:GracePeriod"] = "00:01:00",
        });
        await server.StartAsync();
        using var stalled = new TcpClient();
        await stalled.ConnectAsync("127.0.0.1", server.Port);
        var stream = stalled.GetStream();
        var head = "POST /v1/threads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + $"Authorization: Bearer {ParleyFactory.ServiceKey}\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Kestrel answers 100 Continue when the handler starts reading the body: the request is in flight.
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 100 Continue", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds) + ExitMargin);
        Figures.Report(output, $"shutdown-timeout/{store}", $"stalled request in flight; timeout {timeoutSeconds} s; exited after {clock.Elapsed.TotalSeconds:0.0} s with code {exitCode}");

        Assert.NotNull(exitCode);
    }

    private sealed record StreamEnd(bool Clean, bool Gap);

    /// <summary>Reads a stream to its end; a thread stream's seqs must follow each other with no gap.</summary>
    private static async Task<StreamEnd> DrainAsync(SseClient stream)
    {
        await using var _ = stream;
        long? last = null;
        var gap = false;
        try
        {
            while (await stream.NextAsync(TimeSpan.FromSeconds(60)) is { } item)
            {
                if (item.EventType == "message" && item.EventId is { } id)
                {
                    var seq = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
                    gap |= last is { } previous && seq != previous + 1;
                    last = seq;
                    Assert.Equal(seq, JsonDocument.Parse(item.Data).RootElement.GetProperty("seq").GetInt64());
                }
            }

            return new StreamEnd(Clean: true, gap);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return new StreamEnd(Clean: false, gap);
        }
    }
}

public sealed class SqliteGracefulShutdownTests(ITestOutputHelper output) : GracefulShutdownTests(ServerStore.Sqlite, output);

public sealed class PostgresGracefulShutdownTests(ITestOutputHelper output) : GracefulShutdownTests(ServerStore.Postgres, output);
