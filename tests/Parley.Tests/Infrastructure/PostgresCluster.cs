using System.Diagnostics;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster of one test's own, which it may stop and start: Debian's
/// binaries under <c>/usr/lib/postgresql/*/bin</c> on a free loopback port, in a temporary
/// directory that disposing removes. <c>initdb</c> refuses to run as root, so as root every
/// command runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly DirectoryInfo _directory;

    private PostgresCluster(string bin, DirectoryInfo directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    private string Data => Path.Combine(_directory.FullName, "data");

    public static async Task<PostgresCluster> StartNewAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "initdb")))
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        Assert.SkipWhen(bin is null, "needs PostgreSQL's server binaries under /usr/lib/postgresql/*/bin (./test.sh installs them)");

        var directory = Directory.CreateTempSubdirectory("parley-pg-");
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres:", directory.FullName);
        }

        var cluster = new PostgresCluster(bin, directory, Loopback.FreePort());
        await cluster.RunAsPostgresAsync("initdb", "-D", cluster.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Starts the server and returns once it accepts connections.</summary>
    public Task StartAsync() => RunAsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_directory.FullName, "log"), "-w",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_directory.FullName} -c fsync=off", "start");

    /// <summary>Stops the server the way an operator would (fast shutdown) and returns once it is down.</summary>
    public Task StopAsync() => RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        _directory.Delete(recursive: true);
    }

    private Task RunAsPostgresAsync(string tool, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
