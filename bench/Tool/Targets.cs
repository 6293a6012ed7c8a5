using System.Globalization;

namespace Parley.Bench;

internal sealed class TargetResult
{
    public required string Id { get; init; }
    public required string Target { get; init; }
    public required string Measured { get; init; }
    /// <summary>Null when the case did not run (not selected, or not built yet).</summary>
    public bool? Met { get; init; }
    public string? Gap { get; init; }
}

/// <summary>The targets of the benchmark issue, checked against one run's cases.</summary>
internal static class Targets
{
    public static List<TargetResult> Evaluate(List<CaseSummary> cases)
    {
        var byName = cases.ToDictionary(c => c.Name);
        CaseSummary? Case(string name) => byName.GetValueOrDefault(name);

        return
        [
            AtLeastRatio("send-many", "Send to many threads ≥ 0.35 × ceiling POST /echo", Case("send-many"), 0.35),
            AtMost("send-many-p99", "Send to many threads: p99 ≤ 10 ms at 32 connections", Case("send-many")?.P99Ms, 10, "ms"),
            AtLeastRatio("send-hot", "Send to one hot thread ≥ 0.20 × ceiling POST /echo", Case("send-hot"), 0.20),
            AtLeastRatio("page-10", "Newest page of 10 ≥ 0.50 × ceiling GET /json", Case("page-10"), 0.50),
            AtLeastRatio("page-50", "Newest page of 50 ≥ 0.30 × ceiling GET /json", Case("page-50"), 0.30),
            AtLeast("compat-get-1000", "Seed-compatible GET of a 1,000-message thread ≥ 3,300 req/s (50× the original)",
                Case("compat-get-1000")?.Rps.Median, 3300, "req/s"),
            Growth("growth-page", "Newest page of 10 at the largest size within 20 % of the smallest", cases, "growth-page-10-"),
            Growth("growth-send", "Send to many threads at the largest size within 20 % of the smallest", cases, "growth-send-"),
            FanOut(Case("fanout")),
            AtMost("send-rss", "Peak RSS ≤ 200 MB during the send cases",
                cases.Where(c => c.Group == "send").Select(c => (double?)c.PeakRssMb).DefaultIfEmpty(null).Max(), 200, "MB"),
            AtMost("stream-rss", "Streaming the seed-compatible GET of the longest thread raises RSS by < 50 MB",
                cases.FirstOrDefault(c => c.Group == "memory")?.Memory?.Max(m => m.RssPeakMb - m.RssBeforeMb), 50, "MB"),
            AtLeastRatio("postgres-send", "PostgreSQL: sends to many threads ≥ 0.15 × ceiling POST /echo with synchronous_commit=on",
                Case("pg-send-many"), 0.15),
        ];
    }

    private static TargetResult AtLeastRatio(string id, string target, CaseSummary? c, double wanted) =>
        c?.Ratio is not { } ratio
            ? NotRun(id, target)
            : new TargetResult
            {
                Id = id,
                Target = target,
                Measured = F($"{ratio:0.00} × ceiling ({c.Rps.Median:N0} req/s){(c.CpuRatio is { } cpu ? F($"; by CPU {cpu:0.00}") : "")}"),
                Met = ratio >= wanted,
                Gap = ratio >= wanted ? F($"+{ratio - wanted:0.00} to spare") : F($"short by {wanted - ratio:0.00} of the ceiling: needs {wanted / ratio:0.00}× today's rate"),
            };

    private static TargetResult AtLeast(string id, string target, double? value, double wanted, string unit) =>
        value is not { } v
            ? NotRun(id, target)
            : new TargetResult
            {
                Id = id,
                Target = target,
                Measured = F($"{v:N0} {unit}"),
                Met = v >= wanted,
                Gap = v >= wanted ? F($"{v / wanted:0.0}× the target") : F($"short by {wanted - v:N0} {unit} ({wanted / v:0.00}× needed)"),
            };

    private static TargetResult AtMost(string id, string target, double? value, double limit, string unit) =>
        value is not { } v
            ? NotRun(id, target)
            : new TargetResult
            {
                Id = id,
                Target = target,
                Measured = F($"{v:0.0} {unit}"),
                Met = v <= limit,
                Gap = v <= limit ? F($"{limit - v:0.0} {unit} to spare") : F($"over by {v - limit:0.0} {unit}"),
            };

    private static TargetResult Growth(string id, string target, List<CaseSummary> cases, string prefix)
    {
        var sizes = cases.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal) && c.StoredMessages is not null)
            .OrderBy(c => c.StoredMessages).ToList();
        if (sizes.Count < 2)
        {
            return NotRun(id, target);
        }

        var (small, large) = (sizes[0], sizes[^1]);
        var kept = large.Rps.Median / small.Rps.Median;
        var byCpu = large.CpuRatio is { } l && small.CpuRatio is { } s && s > 0 ? F($"; by CPU per request {l / s:0.00}×") : "";
        return new TargetResult
        {
            Id = id,
            Target = target,
            Measured = F($"{large.Rps.Median:N0} req/s at {large.StoredMessages:N0} stored vs {small.Rps.Median:N0} at {small.StoredMessages:N0}: {kept:0.00}×{byCpu}"),
            Met = kept >= 0.8,
            Gap = kept >= 0.8 ? F($"{(kept - 1) * 100:+0;-0} %") : F($"lost {(1 - kept) * 100:0} %, {(0.8 - kept) * 100:0} points past the 20 % allowed"),
        };
    }

    private static TargetResult FanOut(CaseSummary? c)
    {
        const string Target = "Live fan-out to 1,000 subscribers: delivery p99 ≤ 50 ms, every message delivered";
        if (c?.FanOut is not { } detail)
        {
            return NotRun("fanout", Target);
        }

        var met = c.P99Ms <= 50 && detail.EveryoneGotEverything;
        return new TargetResult
        {
            Id = "fanout",
            Target = Target,
            Measured = F($"p99 {c.P99Ms:0.0} ms to {detail.Subscribers:N0} subscribers; {detail.DeliveriesReceived:N0} of {detail.DeliveriesExpected:N0} delivered"),
            Met = met,
            Gap = met ? F($"{50 - c.P99Ms:0.0} ms to spare")
                : !detail.EveryoneGotEverything ? F($"{detail.DeliveriesExpected - detail.DeliveriesReceived:N0} deliveries missing")
                : F($"over by {c.P99Ms - 50:0.0} ms"),
        };
    }

    private static TargetResult NotRun(string id, string target) => new() { Id = id, Target = target, Measured = "not run" };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
