using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Parley.Bench;

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
