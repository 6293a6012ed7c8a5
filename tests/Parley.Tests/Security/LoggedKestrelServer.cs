using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// The server on real Kestrel with every log line kept: a request whose answer a client cannot
/// see (a connection reset after a framing error drops it) still shows here if it was a 500.
/// </summary>
public sealed class LoggedKestrelServer : KestrelParleyFactory
{
    public LogCollector Logs { get; } = new();

    /// <summary>Lines at Error or Critical among those logged after the first <paramref name="skip"/>.</summary>
    public IReadOnlyList<string> ErrorsAfter(int skip) =>
        [.. Logs.Lines.Skip(skip).Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal))];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
