using System.Globalization;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Where the reliability and security tests report what they measured: the test's output and
/// one line each in a results file (<c>PARLEY_FIGURES</c>, else <c>reliability-figures.txt</c>
/// beside the test assembly). docs/reliability.md quotes these lines.
/// </summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static string FilePath =>
        Environment.GetEnvironmentVariable("PARLEY_FIGURES") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "reliability-figures.txt");

    public static void Report(ITestOutputHelper output, string test, string figures)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z {test}: {figures}");
        output.WriteLine(line);
        lock (Gate)
        {
            File.AppendAllLines(FilePath, [line]);
        }
    }
}
