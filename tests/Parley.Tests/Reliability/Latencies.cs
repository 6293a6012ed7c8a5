namespace Parley.Tests.Reliability;

/// <summary>How long a set of requests took: their count, median, 99th percentile (nearest rank) and slowest.</summary>
internal sealed record Latencies(int Count, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    public static Latencies Of(IEnumerable<TimeSpan> elapsed)
    {
        var sorted = elapsed.Order().ToList();
        if (sorted.Count == 0)
        {
            return new Latencies(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        TimeSpan At(double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
        return new Latencies(sorted.Count, At(0.5), At(0.99), sorted[^1]);
    }

    public override string ToString() =>
        $"n={Count} p50={P50.TotalMilliseconds:0.0} ms p99={P99.TotalMilliseconds:0.0} ms max={Max.TotalMilliseconds:0} ms";
}
