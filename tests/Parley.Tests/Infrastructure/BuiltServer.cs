using System.Diagnostics;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// src/Parley's <c>Parley.dll</c> from the build these tests belong to (Release under ./test.sh),
/// started as it is deployed: <c>dotnet Parley.dll …</c>, configured through environment variables.
/// </summary>
public static class BuiltServer
{
    /// <summary>
    /// A start of <c>Parley.dll</c> with <paramref name="arguments"/> and <paramref name="settings"/>
    /// (<c>Section:Key</c> → value; a null value is left out). Parley settings this process inherited
    /// are dropped, so a server sees only what its test gives it. It runs in
    /// <paramref name="workingDirectory"/>, by default the dll's own folder.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> settings, string? workingDirectory = null)
    {
        var dll = Dll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var inherited = start.Environment.Keys
            .Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("Parley__", StringComparison.Ordinal))
            .ToList();
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        return start;
    }

    /// <summary>The checkout these tests were built from: the folder above them that holds Parley.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("No Parley.slnx above the test assembly.");
    }

    /// <summary>The dll built in the same configuration and framework as this test assembly.</summary>
    private static string Dll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent?.Name ?? "Release";
        var dll = Path.Combine(RepositoryRoot(), "src", "Parley", "bin", configuration, testOutput.Name, "Parley.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first: {dll} is missing.", dll);
    }
}
