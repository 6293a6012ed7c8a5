using Microsoft.Extensions.Options;
using Parley.Storage;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;
using Serilog.Sinks.File;

namespace Parley.Operations;

internal static class LoggingSetup
{
    /// <summary>
    /// Console (the framework's) plus a rolling JSON-lines file under
    /// <c>&lt;data directory&gt;/logs</c> (0700, files 0600), 10 MB a file, through Serilog's file sink behind
    /// Microsoft.Extensions.Logging, so the usual <c>Logging:LogLevel</c> filters apply to both.
    /// </summary>
    public static ILoggingBuilder AddParleyLogFile(this ILoggingBuilder logging)
    {
        // Built from the final options, so the data directory of any configuration source counts.
        logging.Services.AddSingleton<ILoggerProvider>(sp =>
        {
            var parley = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            var files = sp.GetRequiredService<IOptions<LogFileOptions>>().Value;
            var directory = parley.ResolveDataDirectory();
            // Created here, before the sink would create them with the usual 0755.
            PrivateFiles.CreateDirectory(directory);
            PrivateFiles.CreateDirectory(Path.Combine(directory, "logs"));
            var file = new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .Enrich.With<DropRequestPath>()
                .WriteTo.File(
                    new CompactJsonFormatter(),
                    Path.Combine(directory, "logs", "parley-.log"),
                    fileSizeLimitBytes: 10 * 1024 * 1024,
                    rollOnFileSizeLimit: true,
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: files.RetainedFiles,
                    buffered: true,
                    flushToDiskInterval: TimeSpan.FromSeconds(1),
                    hooks: new PrivateLogFile())
                .CreateLogger();
            return new SerilogLoggerProvider(file, dispose: true);
        });

        // These framework categories write the raw URL, whose path and query can hold a
        // username or an ?access_token=; RequestLog writes one line per request without them.
        // Pinned for each provider, because a provider's own level setting (Logging:Console:
        // LogLevel:Default) would otherwise outrank a rule for all providers.
        foreach (var category in RawUrlCategories)
        {
            logging.AddFilter(category, LogLevel.Warning);
            logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(category, LogLevel.Warning);
            logging.AddFilter<SerilogLoggerProvider>(category, LogLevel.Warning);
        }

        return logging;
    }

    private static readonly string[] RawUrlCategories = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing"];

    // The sink creates its files with the usual 0644; each is made 0600 as it is opened, before
    // the first line is written (its folder, 0700, keeps others out meanwhile).
    private sealed class PrivateLogFile : FileLifecycleHooks
    {
        public override Stream OnFileOpened(string path, Stream underlyingStream, System.Text.Encoding encoding)
        {
            PrivateFiles.Tighten(path);
            return underlyingStream;
        }
    }

    // The framework's request scope carries the raw path, which can hold a username (seed
    // routes) or ids; the request line logs the route template instead.
    private sealed class DropRequestPath : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
    }
}
