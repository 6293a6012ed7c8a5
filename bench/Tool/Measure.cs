using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>
/// One wrk case: a warm-up, then timed runs, with the server's CPU time read around each run
/// and its peak RSS over the whole case. Appends a <see cref="CaseResult"/> line to --out.
/// </summary>
internal static class Measure
{
    public static async Task<int> RunAsync(Options o)
    {
        var server = new ServerProcess(o.Int("pid"));
        var wrk = new WrkCommand(o.Text("url"), o.Text("script"), o.Int("connections", 32), o.Int("threads", 2));
        var warmup = o.Int("warmup", 3);
        var runs = o.Int("runs", 3);
        var duration = o.Int("duration", 10);

        var (waited, idle) = await MachineCpu.WaitForQuietAsync(TimeSpan.FromSeconds(o.Int("quiet-wait", 0)), 90);
        var peakIsPerCase = server.ResetPeak();
        var startRss = server.RssMb();
        if (warmup > 0)
        {
            await wrk.RunAsync(warmup);
        }

        var results = new List<RunResult>();
        for (var run = 0; run < runs; run++)
        {
            var cpuBefore = server.CpuSeconds();
            var machineBefore = MachineCpu.Read().Busy;
            var window = System.Diagnostics.Stopwatch.StartNew();
            var summary = await wrk.RunAsync(duration);
            var cpu = server.CpuSeconds() - cpuBefore;
            results.Add(summary.ToRun(cpu, MachineCpu.Read().Busy - machineBefore, window.Elapsed.TotalSeconds));
        }

        var result = new CaseResult
        {
            Name = o.Text("name"),
            Title = o.Text("title"),
            Group = o.Text("group"),
            Kind = "wrk",
            Store = o.TextOrNull("store") ?? "sqlite",
            Ceiling = o.TextOrNull("ceiling"),
            Connections = wrk.Connections,
            StoredMessages = o.TextOrNull("stored") is { } stored ? long.Parse(stored, CultureInfo.InvariantCulture) : null,
            Runs = results,
            StartRssMb = startRss,
            PeakRssMb = server.PeakRssMb(),
            PeakIsPerCase = peakIsPerCase,
            IdleBeforePercent = idle,
            QuietWaitSeconds = waited,
        };
        Json.AppendLine(o.Text("out"), result);
        Console.WriteLine(Describe(result));
        return results.All(r => r.Requests > 0 && r.Errors == 0) ? 0 : 1;
    }

    public static string Describe(CaseResult result)
    {
        var rps = result.Runs.Select(r => r.Rps).Order().ToList();
        var errors = result.Runs.Sum(r => r.Errors);
        return string.Create(CultureInfo.InvariantCulture,
            $"  {result.Name,-28} {Stats.Median(rps),10:N0} req/s ({rps[0]:N0}–{rps[^1]:N0})  p50 {Stats.Median(result.Runs.Select(r => r.P50Ms)):0.00} ms  p99 {Stats.Median(result.Runs.Select(r => r.P99Ms)):0.00} ms  peak RSS {result.PeakRssMb:0} MB  other load {Stats.Median(result.Runs.Select(r => r.OtherCores ?? 0)):0.00} cores{(errors > 0 ? $"  ERRORS {errors}" : "")}");
    }
}

/// <summary>wrk with one of the bench/wrk scripts, whose done() prints a BENCH-RESULT line.</summary>
internal sealed class WrkCommand(string url, string script, int connections, int threads)
{
    private const string Marker = "BENCH-RESULT ";
    private const string CpuMarker = "BENCH-CPU ";
    private const string Time = "/usr/bin/time";

    public int Connections { get; } = connections;

    public async Task<WrkSummary> RunAsync(int seconds)
    {
        // GNU time reports wrk's own CPU time on stderr, so what the rest of the machine used is known.
        var timed = File.Exists(Time);
        var start = new ProcessStartInfo(timed ? Time : "wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (timed ? new[] { "-f", $"{CpuMarker}%U %S", "wrk" } : []).Concat(["-t", $"{threads}", "-c", $"{Connections}", "-d", $"{seconds}s", "--timeout", "10s", "-s", script, url]))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}):\n{output}\n{await stderr}");
        }

        var summary = JsonSerializer.Deserialize<WrkSummary>(line[Marker.Length..], Json.Options)!;
        var cpu = (await stderr).Split('\n').FirstOrDefault(l => l.StartsWith(CpuMarker, StringComparison.Ordinal))?[CpuMarker.Length..].Split(' ');
        summary.CpuSeconds = cpu is [var user, var system]
            ? double.Parse(user, CultureInfo.InvariantCulture) + double.Parse(system, CultureInfo.InvariantCulture)
            : null;
        return summary;
    }
}

/// <summary>What bench/wrk/lib.lua's done() prints; times in microseconds.</summary>
internal sealed class WrkSummary
{
    public long Requests { get; init; }
    public long DurationUs { get; init; }
    public double P50Us { get; init; }
    public double P99Us { get; init; }
    public double MaxUs { get; init; }
    public long ErrorsConnect { get; init; }
    public long ErrorsRead { get; init; }
    public long ErrorsWrite { get; init; }
    public long ErrorsStatus { get; init; }
    public long ErrorsTimeout { get; init; }
    public double? CpuSeconds { get; set; }

    public RunResult ToRun(double serverCpuSeconds, double machineCpuSeconds, double windowSeconds) => new()
    {
        Requests = Requests,
        Seconds = DurationUs / 1e6,
        Rps = Requests / (DurationUs / 1e6),
        P50Ms = P50Us / 1000,
        P99Ms = P99Us / 1000,
        MaxMs = MaxUs / 1000,
        Errors = ErrorsConnect + ErrorsRead + ErrorsWrite + ErrorsStatus + ErrorsTimeout,
        ServerCpuSeconds = serverCpuSeconds,
        LoadGeneratorCpuSeconds = CpuSeconds,
        MachineCpuSeconds = machineCpuSeconds,
        WindowSeconds = windowSeconds,
    };
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile of already sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
