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

internal sealed class CaseSummary : CaseIdentity
{
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
