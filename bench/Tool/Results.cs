using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Bench;

/// <summary>One timed run of a case.</summary>
internal sealed class RunResult
{
    public double Rps { get; init; }
    public long Requests { get; init; }
    public double Seconds { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public double MaxMs { get; init; }
    /// <summary>Socket errors, timeouts and responses of 400 or above.</summary>
    public long Errors { get; init; }
    public double ServerCpuSeconds { get; init; }
    /// <summary>wrk's (or the fan-out client's) own CPU time, where known.</summary>
    public double? LoadGeneratorCpuSeconds { get; init; }
    /// <summary>Busy CPU time of the whole machine, all cores, over the run's window.</summary>
    public double MachineCpuSeconds { get; init; }
    /// <summary>Wall time from just before the load generator started to just after it ended.</summary>
    public double WindowSeconds { get; init; }

    /// <summary>CPU the rest of the machine used during the run: neither the server nor the load generator.</summary>
    public double? OtherCpuSeconds =>
        LoadGeneratorCpuSeconds is { } load ? Math.Max(0, MachineCpuSeconds - ServerCpuSeconds - load) : null;

    /// <summary><see cref="OtherCpuSeconds"/> as cores busy on average over the window.</summary>
    public double? OtherCores => OtherCpuSeconds is { } other && WindowSeconds > 0 ? other / WindowSeconds : null;
}

/// <summary>What names a case and what it was run against: shared by its raw result and its summary.</summary>
internal abstract class CaseIdentity
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>ceiling, send, read, compat, postgres, live, growth or memory.</summary>
    public required string Group { get; init; }
    public required string Kind { get; init; }
    /// <summary>sqlite or postgres, or none for the ceiling app.</summary>
    public required string Store { get; init; }
    /// <summary>The ceiling case this one is compared with (ceiling-echo, ceiling-json), if any.</summary>
    public string? Ceiling { get; init; }
    public int Connections { get; init; }
    /// <summary>Messages in the database when the case began, where the case is about that.</summary>
    public long? StoredMessages { get; init; }
}

/// <summary>What a case measured, as written by measure, fanout and stream.</summary>
internal sealed class CaseResult : CaseIdentity
{
    public required List<RunResult> Runs { get; init; }
    public double StartRssMb { get; init; }
    public double PeakRssMb { get; init; }
    /// <summary>False where the peak could not be reset, so it is the peak since the server started.</summary>
    public bool PeakIsPerCase { get; init; }
    /// <summary>How idle the machine was (percent, all cores) just before the case began.</summary>
    public double IdleBeforePercent { get; init; }
    /// <summary>How long the case waited for other work on the machine to calm down first.</summary>
    public double QuietWaitSeconds { get; init; }
    public FanOutDetail? FanOut { get; init; }
    public List<MemoryRun>? Memory { get; init; }
}

internal sealed class FanOutDetail
{
    public int Subscribers { get; init; }
    public double SendsPerSecond { get; init; }
    public double ConnectSeconds { get; init; }
    public long MessagesSent { get; init; }
    public long DeliveriesExpected { get; init; }
    public long DeliveriesReceived { get; init; }
    /// <summary>True when every subscriber received every message sent while it listened.</summary>
    public bool EveryoneGotEverything { get; init; }
}

internal sealed class MemoryRun
{
    public double RssBeforeMb { get; init; }
    public double RssPeakMb { get; init; }
    public double RssAfterMb { get; init; }
    public long Bytes { get; init; }
    public long Messages { get; init; }
    public double Seconds { get; init; }
}

/// <summary>One top-up of the growth database.</summary>
internal sealed class SeedRecord
{
    public long TargetMessages { get; init; }
    public long Inserted { get; init; }
    public long StoredAfter { get; init; }
    public double Seconds { get; init; }
    public double DatabaseMb { get; init; }
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    private static readonly JsonSerializerOptions OneLine = new(Options) { WriteIndented = false };

    /// <summary>Appends one JSON line to a .jsonl file.</summary>
    public static void AppendLine<T>(string path, T value) =>
        File.AppendAllText(path, JsonSerializer.Serialize(value, OneLine) + "\n");

    public static List<T> ReadLines<T>(string path) =>
        File.Exists(path)
            ? [.. File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<T>(line, Options)!)]
            : [];
}
