using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The real server as a child process, <c>dotnet Parley.dll --urls http://127.0.0.1:&lt;port&gt;</c>,
/// on its own data directory with a fixed service key. A test can kill it (SIGKILL), ask it to
/// stop (SIGTERM) and start it again on the same data and port, or run one of its commands
/// (<c>migrate</c>) on the same settings.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    private readonly ServerStore _store;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string? _workingDirectory;
    private Process? _process;

    /// <param name="store">Which database the server uses; the provider is a parameter of every out-of-process test.</param>
    /// <param name="settings">More configuration, as <c>Section:Key</c> → value; null drops one of the defaults below.</param>
    /// <param name="workingDirectory">Where the process starts; by default the folder of Parley.dll.</param>
    public ServerUnderTest(ServerStore store, IReadOnlyDictionary<string, string?>? settings = null, string? workingDirectory = null)
    {
        _store = store;
        _workingDirectory = workingDirectory;
        DataDirectory = Path.Combine(Path.GetTempPath(), "parley-process-tests", Guid.NewGuid().ToString("N"));
        Port = Loopback.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        var all = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Parley:DataDirectory"] = DataDirectory,
            ["Parley:Auth:ServiceKey"] = ParleyFactory.ServiceKey,
            ["Parley:Auth:SigningKey"] = ParleyFactory.SigningKey,
            ["Parley:RateLimit:PermitsPerSecond"] = "0",
            // The console shows only warnings, and the line that says the server listens.
            ["Logging:Console:LogLevel:Default"] = "Warning",
            ["Logging:Console:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in store.Settings(DataDirectory).Concat(settings ?? new Dictionary<string, string?>()))
        {
            all[key] = value;
        }

        _settings = all;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Everything the server wrote to stdout and stderr, across every start.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the server and returns once it listens; throws with its output when it exits instead.</summary>
    public async Task StartAsync()
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Launch(["--urls", BaseAddress.ToString().TrimEnd('/')], listening);
        await listening.Task.WaitAsync(StartBound, Api.Cancelled);
    }

    /// <summary>Runs <c>dotnet Parley.dll <paramref name="command"/></c>; its exit code, or null if it still runs after <paramref name="bound"/>.</summary>
    public Task<int?> RunCommandAsync(string command, TimeSpan bound)
    {
        Launch([command], listening: null);
        return WaitForExitAsync(bound);
    }

    /// <summary>SIGKILL: the process ends at once, with no chance to flush or finish anything.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM: asks the server to stop as a service manager or container runtime would.</summary>
    public void Terminate()
    {
        if (Kill(ProcessId, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to end by itself; returns its exit code, or null if it still runs after <paramref name="bound"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan bound)
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        try
        {
            await process.WaitForExitAsync(Api.Cancelled).WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            return null;
        }

        var code = process.ExitCode;
        process.Dispose();
        _process = null;
        return code;
    }

    /// <summary>The server's resident memory, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS line.");
    }

    public HttpClient CreateClient(string? credential = ParleyFactory.ServiceKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
            _process = null;
        }

        _store.Release(_settings);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the rest of the temp folder.
        }
    }

    /// <summary>Starts the process; <paramref name="listening"/>, when given, completes on the line that says it listens.</summary>
    private void Launch(string[] arguments, TaskCompletionSource? listening)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var process = new Process { StartInfo = BuiltServer.StartInfo(arguments, _settings, _workingDirectory), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        process.Exited += (_, _) => listening?.TrySetException(new InvalidOperationException(
            $"The server exited before it listened:\n{string.Join('\n', _output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void OnLine(string? line, TaskCompletionSource? listening)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.Contains("Now listening on:", StringComparison.Ordinal))
        {
            listening?.TrySetResult();
        }
    }

    // DllImport rather than LibraryImport: the arguments are plain ints and the test project stays free of unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
