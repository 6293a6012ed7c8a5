using System.Globalization;

namespace Parley.Bench;

/// <summary>The server under test, seen through /proc: CPU time and resident memory.</summary>
internal sealed class ServerProcess(int pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ; 100 on every Linux this runs on.

    public int Pid { get; } = pid;

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }

    public double RssMb() => StatusKb("VmRSS") / 1024.0;

    public double PeakRssMb() => StatusKb("VmHWM") / 1024.0;

    /// <summary>
    /// Resets the peak (VmHWM) to the current RSS, so the next <see cref="PeakRssMb"/> is the
    /// peak since now. Needs Linux 4.0+ and the right to write the process's clear_refs.
    /// </summary>
    public bool ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private long StatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{Pid}/status has no {field}.");
    }
}
