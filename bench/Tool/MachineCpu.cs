using System.Globalization;

namespace Parley.Bench;

/// <summary>
/// The whole machine's CPU time from /proc/stat. On a shared machine other work steals cores
/// from a case; the busy time left over after the server and the load generator shows how much.
/// </summary>
internal static class MachineCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>Busy and idle CPU seconds summed over all cores since boot.</summary>
    public static (double Busy, double Idle) Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        var idle = fields[3] + fields[4];
        return (busy / TicksPerSecond, idle / TicksPerSecond);
    }

    /// <summary>
    /// Waits, up to <paramref name="patience"/>, until the machine has been at least
    /// <paramref name="idlePercent"/> idle over one second; returns how long it waited and the
    /// idle share it last saw.
    /// </summary>
    public static async Task<(double WaitedSeconds, double IdlePercent)> WaitForQuietAsync(TimeSpan patience, double idlePercent)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var idle = await IdlePercentAsync(TimeSpan.FromSeconds(1));
            if (idle >= idlePercent || clock.Elapsed >= patience)
            {
                return (clock.Elapsed.TotalSeconds, idle);
            }
        }
    }

    private static async Task<double> IdlePercentAsync(TimeSpan over)
    {
        var before = Read();
        await Task.Delay(over);
        var after = Read();
        var (busy, idle) = (after.Busy - before.Busy, after.Idle - before.Idle);
        return busy + idle > 0 ? idle / (busy + idle) * 100 : 100;
    }
}
