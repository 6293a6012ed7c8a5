using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>
/// Live fan-out: N subscribers hold <c>GET /v1/threads/{id}/events</c> open on one thread while
/// one sender posts at a steady rate. Latency is per delivery: the subscriber's receive time
/// minus the moment the send was issued, matched by seq. After the last run the client waits
/// for stragglers and checks that every subscriber saw every message.
/// </summary>
internal static class FanOut
{
    public static async Task<int> RunAsync(Options o)
    {
        var server = new ServerProcess(o.Int("pid"));
        var baseUrl = new Uri(o.Text("base"));
        var token = o.Text("token");
        var thread = o.Text("thread");
        var count = o.Int("subscribers", 1000);
        var rate = o.Double("rate", 10);
        var (warmup, runs, duration) = (o.Int("warmup", 3), o.Int("runs", 3), o.Int("duration", 10));
        var capacity = (int)Math.Ceiling(rate * (warmup + runs * duration)) + 16;

        using var sender = Client(baseUrl, token);
        using var listeners = Client(baseUrl, token);
        var (waited, idle) = await MachineCpu.WaitForQuietAsync(TimeSpan.FromSeconds(o.Int("quiet-wait", 0)), 90);
        var peakIsPerCase = server.ResetPeak();
        var startRss = server.RssMb();

        var connect = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var subscribers = new List<Listener>(count);
        for (var i = 0; i < count; i += 50)
        {
            var opening = Enumerable.Range(i, Math.Min(50, count - i)).Select(_ => Listener.OpenAsync(listeners, thread, capacity, stop.Token));
            subscribers.AddRange(await Task.WhenAll(opening));
        }

        connect.Stop();
        // Streams opened; every message from here on must reach every one of them.
        var firstSeq = await LastSeqAsync(sender, thread) + 1;
        foreach (var subscriber in subscribers)
        {
            subscriber.FirstSeq = firstSeq;
        }

        var sends = new SendLog(firstSeq, capacity);
        var pacing = new Pacer(sender, thread, rate, sends);
        await pacing.RunAsync(TimeSpan.FromSeconds(warmup));
        var results = new List<RunResult>();
        var windows = new List<(long From, long To)>();
        for (var run = 0; run < runs; run++)
        {
            var (cpuBefore, selfBefore, machineBefore) = (server.CpuSeconds(), SelfCpuSeconds(), MachineCpu.Read().Busy);
            var window = Stopwatch.StartNew();
            var (from, to) = await pacing.RunAsync(TimeSpan.FromSeconds(duration));
            windows.Add((from, to));
            results.Add(new RunResult
            {
                Seconds = duration,
                ServerCpuSeconds = server.CpuSeconds() - cpuBefore,
                LoadGeneratorCpuSeconds = SelfCpuSeconds() - selfBefore,
                MachineCpuSeconds = MachineCpu.Read().Busy - machineBefore,
                WindowSeconds = window.Elapsed.TotalSeconds,
            });
        }

        var lastSeq = await pacing.DrainAsync();
        await WaitForDeliveriesAsync(subscribers, lastSeq, TimeSpan.FromSeconds(10));
        var peakRss = server.PeakRssMb();
        await stop.CancelAsync();

        for (var run = 0; run < runs; run++)
        {
            results[run] = Score(results[run], subscribers, sends, windows[run]);
        }

        var expected = (lastSeq - firstSeq + 1) * count;
        var received = subscribers.Sum(s => s.Received(firstSeq, lastSeq));
        var result = new CaseResult
        {
            Name = o.Text("name"),
            Title = o.Text("title"),
            Group = "live",
            Kind = "fanout",
            Store = o.TextOrNull("store") ?? "sqlite",
            Connections = count,
            Runs = results,
            StartRssMb = startRss,
            PeakRssMb = peakRss,
            PeakIsPerCase = peakIsPerCase,
            IdleBeforePercent = idle,
            QuietWaitSeconds = waited,
            FanOut = new FanOutDetail
            {
                Subscribers = count,
                SendsPerSecond = rate,
                ConnectSeconds = connect.Elapsed.TotalSeconds,
                MessagesSent = lastSeq - firstSeq + 1,
                DeliveriesExpected = expected,
                DeliveriesReceived = received,
                EveryoneGotEverything = received == expected && sends.Failures == 0,
            },
        };
        Json.AppendLine(o.Text("out"), result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.Name,-28} {count} subscribers, {result.FanOut.MessagesSent} messages: delivery p50 {Stats.Median(results.Select(r => r.P50Ms)):0.0} ms  p99 {Stats.Median(results.Select(r => r.P99Ms)):0.0} ms  {received:N0}/{expected:N0} delivered  peak RSS {peakRss:0} MB"));
        return result.FanOut.EveryoneGotEverything ? 0 : 1;
    }

    /// <summary>Latencies of the deliveries of messages sent in one run's window.</summary>
    private static RunResult Score(RunResult run, List<Listener> subscribers, SendLog sends, (long From, long To) window)
    {
        var latencies = new List<double>();
        long missing = 0;
        for (var seq = window.From; seq <= window.To; seq++)
        {
            var sent = sends.SentAt(seq);
            foreach (var subscriber in subscribers)
            {
                var received = subscriber.ReceivedAt(seq);
                if (received == 0 || sent == 0)
                {
                    missing++;
                    continue;
                }

                latencies.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
            }
        }

        latencies.Sort();
        return new RunResult
        {
            Seconds = run.Seconds,
            Requests = latencies.Count,
            Rps = latencies.Count / run.Seconds,
            P50Ms = Stats.Percentile(latencies, 50),
            P99Ms = Stats.Percentile(latencies, 99),
            MaxMs = latencies.Count > 0 ? latencies[^1] : 0,
            Errors = missing,
            ServerCpuSeconds = run.ServerCpuSeconds,
            LoadGeneratorCpuSeconds = run.LoadGeneratorCpuSeconds,
            MachineCpuSeconds = run.MachineCpuSeconds,
            WindowSeconds = run.WindowSeconds,
        };
    }

    private static double SelfCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static async Task WaitForDeliveriesAsync(List<Listener> subscribers, long lastSeq, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience && subscribers.Any(s => s.ReceivedAt(lastSeq) == 0))
        {
            await Task.Delay(50);
        }
    }

    private static async Task<long> LastSeqAsync(HttpClient http, string thread)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync($"/v1/threads/{thread}"));
        return document.RootElement.GetProperty("last_seq").GetInt64();
    }

    private static HttpClient Client(Uri baseUrl, string token)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
