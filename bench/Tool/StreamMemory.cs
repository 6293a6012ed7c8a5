using System.Diagnostics;
using System.Net.Http.Headers;

namespace Parley.Bench;

/// <summary>
/// The memory case: the seed-compatible <c>GET /thread/{id}</c> of a very long thread, read to
/// the end several times, with the server's RSS before each read and its peak during it.
/// </summary>
internal static class StreamMemory
{
    public static async Task<int> RunAsync(Options o)
    {
        var server = new ServerProcess(o.Int("pid"));
        using var http = new HttpClient { BaseAddress = new Uri(o.Text("base")), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Text("token"));
        var path = $"/thread/{o.Text("thread")}";
        var startRss = server.RssMb();
        var peakIsPerCase = server.ResetPeak();

        var memory = new List<MemoryRun>();
        var runs = new List<RunResult>();
        for (var run = 0; run < o.Int("runs", 3); run++)
        {
            var before = server.RssMb();
            server.ResetPeak();
            var cpuBefore = server.CpuSeconds();
            var clock = Stopwatch.StartNew();
            var (bytes, messages) = await ReadAsync(http, path);
            clock.Stop();
            memory.Add(new MemoryRun
            {
                RssBeforeMb = before,
                RssPeakMb = server.PeakRssMb(),
                RssAfterMb = server.RssMb(),
                Bytes = bytes,
                Messages = messages,
                Seconds = clock.Elapsed.TotalSeconds,
            });
            runs.Add(new RunResult
            {
                Requests = 1,
                Seconds = clock.Elapsed.TotalSeconds,
                Rps = 1 / clock.Elapsed.TotalSeconds,
                P50Ms = clock.Elapsed.TotalMilliseconds,
                P99Ms = clock.Elapsed.TotalMilliseconds,
                MaxMs = clock.Elapsed.TotalMilliseconds,
                ServerCpuSeconds = server.CpuSeconds() - cpuBefore,
            });
        }

        var result = new CaseResult
        {
            Name = o.Text("name"),
            Title = o.Text("title"),
            Group = "memory",
            Kind = "stream",
            Store = o.TextOrNull("store") ?? "sqlite",
            Connections = 1,
            StoredMessages = o.TextOrNull("stored") is { } stored ? long.Parse(stored, System.Globalization.CultureInfo.InvariantCulture) : null,
            Runs = runs,
            StartRssMb = startRss,
            PeakRssMb = memory.Max(m => m.RssPeakMb),
            PeakIsPerCase = peakIsPerCase,
            Memory = memory,
        };
        Json.AppendLine(o.Text("out"), result);
        foreach (var m in memory)
        {
            Console.WriteLine($"  {result.Name,-28} {m.Messages:N0} messages, {m.Bytes / 1048576.0:0.0} MB in {m.Seconds:0.00} s: RSS {m.RssBeforeMb:0} MB before, {m.RssPeakMb:0} MB peak (+{m.RssPeakMb - m.RssBeforeMb:0}), {m.RssAfterMb:0} MB after");
        }

        return memory.All(m => m.Messages > 0) ? 0 : 1;
    }

    /// <summary>Reads the body to its end, counting bytes and message objects (one '{' each, past the outer one).</summary>
    private static async Task<(long Bytes, long Messages)> ReadAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, braces = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            braces += buffer.AsSpan(0, read).Count((byte)'{');
        }

        return (bytes, Math.Max(0, braces - 1));
    }
}
