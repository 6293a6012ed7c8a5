using System.Globalization;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// The largest resident memory (VmRSS) and SQLite write-ahead log the server process had,
/// sampled every 100 ms while a test runs, and the CPU time it used.
/// </summary>
internal sealed class ServerGauge(ServerUnderTest server)
{
    // USER_HZ, which Linux fixes at 100 for /proc whatever the kernel's own tick rate.
    private const int TicksPerSecond = 100;

    public long MaxResidentBytes { get; private set; }

    /// <summary>0 on PostgreSQL, which keeps no file in the data directory.</summary>
    public long MaxWalBytes { get; private set; }

    /// <summary>CPU time the server process has used so far, user and system, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public TimeSpan CpuTime()
    {
        // Fields after the command name, which is in parentheses and may hold spaces.
        var stat = File.ReadAllText($"/proc/{server.ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)TicksPerSecond);
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var wal = new FileInfo(Path.Combine(server.DataDirectory, "parley.db-wal"));
        while (!stop.IsCancellationRequested)
        {
            MaxResidentBytes = Math.Max(MaxResidentBytes, server.ResidentBytes());
            wal.Refresh();
            if (wal.Exists)
            {
                MaxWalBytes = Math.Max(MaxWalBytes, wal.Length);
            }

            await Task.WhenAny(Task.Delay(100, stop));
        }
    }
}
