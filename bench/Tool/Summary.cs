using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>bench/results/latest.json: every case reduced to medians and ratios, and where it ran.</summary>
internal sealed class BenchResults
{
    public required string GeneratedAt { get; init; }
    public required string Mode { get; init; }
    public string? Commit { get; init; }
    public double TotalSeconds { get; init; }
    public required Machine Machine { get; init; }
    public required Protocol Protocol { get; init; }
    public required List<Setting> ServerSettings { get; init; }
    public required List<CaseSummary> Cases { get; init; }
    public required List<SeedRecord> Seeding { get; init; }
    public required List<TargetResult> Targets { get; init; }
}

internal sealed class Machine
{
    public int Cores { get; init; }
    public string? CpuModel { get; init; }
    public double MemoryGb { get; init; }
    public string? Os { get; init; }
    public string? Kernel { get; init; }
    public string? Runtime { get; init; }
    public string? Wrk { get; init; }
    public string? Sqlite { get; init; }
    /// <summary>wrk, the fan-out client and the server run on the same cores.</summary>
    public bool LoadGeneratorSharesCores { get; init; } = true;
}

internal sealed class Protocol
{
    public int WarmupSeconds { get; init; }
    public int Runs { get; init; }
    public int RunSeconds { get; init; }
    public int WrkThreads { get; init; }
    public int Connections { get; init; }
}

internal sealed record Setting(string Value, string Why);

internal sealed record Spread(double Median, double Min, double Max);

internal sealed class CaseSummary
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Group { get; init; }
    public required string Kind { get; init; }
    public required string Store { get; init; }
    public string? Ceiling { get; init; }
    public int Connections { get; init; }
    public long? StoredMessages { get; init; }
    public required Spread Rps { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long Errors { get; init; }
    public double ServerCpuSecondsPerRun { get; init; }
    public double ServerCpuUsPerRequest { get; init; }
    /// <summary>wrk's (or the fan-out client's) CPU per request, where known.</summary>
    public double? LoadGeneratorCpuUsPerRequest { get; init; }
    public double StartRssMb { get; init; }
    public double PeakRssMb { get; init; }
    public bool PeakIsPerCase { get; init; }
    /// <summary>Cores' worth of CPU that other work on the machine took during the runs (median).</summary>
    public double? OtherLoadCores { get; init; }
    public double IdleBeforePercent { get; init; }
    public double QuietWaitSeconds { get; init; }
    /// <summary>Median req/s over the ceiling case's median req/s, from the same run.</summary>
    public double? Ratio { get; init; }
    /// <summary>
    /// The ratio the CPU cost per request predicts for a machine whose cores do nothing else:
    /// (ceiling server + load generator µs/request) over (this case's). Close to
    /// <see cref="Ratio"/> when both are CPU-bound; steadier when other work shares the machine.
    /// </summary>
    public double? CpuRatio { get; init; }
    public required List<RunResult> Runs { get; init; }
    public FanOutDetail? FanOut { get; init; }
    public List<MemoryRun>? Memory { get; init; }
}

internal static class Summary
{
    public static int Run(Options o)
    {
        var directory = o.Text("dir");
        var raw = Json.ReadLines<CaseResult>(Path.Combine(directory, "cases.jsonl"));
        var ceilings = raw.Where(c => c.Group == "ceiling").ToDictionary(c => c.Name, c => Stats.Median(c.Runs.Select(r => r.Rps)));
        var ceilingCpu = raw.Where(c => c.Group == "ceiling").ToDictionary(c => c.Name, CpuPerRequest);
        var cases = raw.Select(c => Summarise(c,
            c.Ceiling is { } name && ceilings.TryGetValue(name, out var ceiling) ? ceiling : null,
            c.Ceiling is { } cpuName && ceilingCpu.TryGetValue(cpuName, out var cpu) ? cpu : null)).ToList();
        var results = new BenchResults
        {
            GeneratedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Mode = o.Text("mode"),
            Commit = o.TextOrNull("commit"),
            TotalSeconds = o.Double("total-seconds", 0),
            Machine = ReadMachine(),
            Protocol = new Protocol
            {
                WarmupSeconds = o.Int("warmup"),
                Runs = o.Int("runs"),
                RunSeconds = o.Int("duration"),
                WrkThreads = o.Int("wrk-threads", 2),
                Connections = o.Int("connections", 32),
            },
            ServerSettings = ReadSettings(Path.Combine(directory, "settings.tsv")),
            Cases = cases,
            Seeding = Json.ReadLines<SeedRecord>(Path.Combine(directory, "seeding.jsonl")),
            Targets = Targets.Evaluate(cases),
        };
        File.WriteAllText(o.Text("out"), JsonSerializer.Serialize(results, Json.Options) + "\n");
        Console.WriteLine($"  wrote {o.Text("out")}: {cases.Count} cases");
        return 0;
    }

    /// <summary>Server plus load generator CPU µs per request, when both are known.</summary>
    private static double? CpuPerRequest(CaseResult c)
    {
        var requests = c.Runs.Sum(r => r.Requests);
        return requests > 0 && c.Runs.All(r => r.LoadGeneratorCpuSeconds is not null)
            ? c.Runs.Sum(r => r.ServerCpuSeconds + r.LoadGeneratorCpuSeconds!.Value) / requests * 1e6
            : null;
    }

    private static CaseSummary Summarise(CaseResult c, double? ceiling, double? ceilingCpuPerRequest)
    {
        var rps = c.Runs.Select(r => r.Rps).Order().ToList();
        var median = Stats.Median(rps);
        var requests = c.Runs.Sum(r => r.Requests);
        return new CaseSummary
        {
            Name = c.Name,
            Title = c.Title,
            Group = c.Group,
            Kind = c.Kind,
            Store = c.Store,
            Ceiling = c.Ceiling,
            Connections = c.Connections,
            StoredMessages = c.StoredMessages,
            Rps = new Spread(median, rps.Count > 0 ? rps[0] : 0, rps.Count > 0 ? rps[^1] : 0),
            P50Ms = Stats.Median(c.Runs.Select(r => r.P50Ms)),
            P99Ms = Stats.Median(c.Runs.Select(r => r.P99Ms)),
            Errors = c.Runs.Sum(r => r.Errors),
            ServerCpuSecondsPerRun = Stats.Median(c.Runs.Select(r => r.ServerCpuSeconds)),
            ServerCpuUsPerRequest = requests > 0 ? c.Runs.Sum(r => r.ServerCpuSeconds) / requests * 1e6 : 0,
            LoadGeneratorCpuUsPerRequest = requests > 0 && c.Runs.All(r => r.LoadGeneratorCpuSeconds is not null)
                ? c.Runs.Sum(r => r.LoadGeneratorCpuSeconds!.Value) / requests * 1e6 : null,
            StartRssMb = c.StartRssMb,
            PeakRssMb = c.PeakRssMb,
            PeakIsPerCase = c.PeakIsPerCase,
            OtherLoadCores = c.Runs.All(r => r.OtherCores is not null) ? Stats.Median(c.Runs.Select(r => r.OtherCores!.Value)) : null,
            IdleBeforePercent = c.IdleBeforePercent,
            QuietWaitSeconds = c.QuietWaitSeconds,
            Ratio = ceiling is > 0 ? median / ceiling : null,
            CpuRatio = ceilingCpuPerRequest is { } cc && CpuPerRequest(c) is { } own && own > 0 ? cc / own : null,
            Runs = c.Runs,
            FanOut = c.FanOut,
            Memory = c.Memory,
        };
    }

    private static List<Setting> ReadSettings(string path) =>
        File.Exists(path)
            ? [.. File.ReadLines(path).Where(l => l.Contains('\t', StringComparison.Ordinal)).Select(l => new Setting(l.Split('\t')[0], l.Split('\t')[1]))]
            : [];

    private static Machine ReadMachine() => new()
    {
        Cores = Environment.ProcessorCount,
        CpuModel = FirstValue("/proc/cpuinfo", "model name"),
        MemoryGb = Math.Round(double.Parse(FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0] ?? "0", CultureInfo.InvariantCulture) / 1048576, 1),
        Os = FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"'),
        Kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : null,
        Runtime = RuntimeInformation.FrameworkDescription,
        Wrk = WrkVersion(),
        Sqlite = SqliteVersion(),
    };

    private static string? FirstValue(string path, string key, char separator = ':') =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(separator, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(separator, StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    private static string? WrkVersion()
    {
        try
        {
            using var wrk = Process.Start(new ProcessStartInfo("wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = wrk.StandardOutput.ReadToEnd() + wrk.StandardError.ReadToEnd();
            wrk.WaitForExit();
            return output.Split('\n')[0].Split(" Copyright")[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string SqliteVersion()
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }
}
