using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A Parley server in a process of its own, run from the built <c>Parley.dll</c> as it is
/// deployed (<c>dotnet Parley.dll --urls …</c>), configured through environment variables.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;

    private ServerProcess(Process process, string dataDirectory, Uri? baseAddress)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens; null for a command that serves nothing.</summary>
    public Uri? BaseAddress { get; }

    /// <summary>Everything it wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>Parley.dll</c> with <paramref name="arguments"/> (a server on a free loopback
    /// port when there are none) and the test keys, a data directory of its own, and <paramref name="settings"/>.
    /// </summary>
    public static ServerProcess Start(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var dll = BuiltServer();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
        var baseAddress = arguments.Length == 0 ? new Uri($"http://127.0.0.1:{PostgresCluster.FreePort()}") : null;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in baseAddress is null ? arguments : ["--urls", baseAddress.ToString().TrimEnd('/')])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Parley__DataDirectory"] = dataDirectory;
        start.Environment["Parley__Auth__ServiceKey"] = ParleyFactory.ServiceKey;
        start.Environment["Parley__Auth__SigningKey"] = ParleyFactory.SigningKey;
        start.Environment["Parley__RateLimit__PermitsPerSecond"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, dataDirectory, baseAddress);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails with the output if the process ends first.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Assert.False(_process.HasExited, $"The server exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var ready = await client.GetAsync("/health/ready", deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // Polls the condition itself; the delay only spaces the polls.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public HttpClient CreateClient(string credential)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Never created (a command that stopped early), or already gone.
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>src/Parley's build output in the configuration these tests were built in.</summary>
    private static string BuiltServer()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Parley.slnx")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? ".", "src", "Parley", "bin", configuration, framework, "Parley.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Parley first.", dll);
    }
}
