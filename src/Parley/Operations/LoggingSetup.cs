using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;

namespace Parley.Operations;

internal static class LoggingSetup
{
    /// <summary>
    /// Console (the framework's) plus a rolling JSON-lines file under
    /// <c>&lt;data directory&gt;/logs</c>, 10 MB a file, through Serilog's file sink behind
    /// Microsoft.Extensions.Logging, so the usual <c>Logging:LogLevel</c> filters apply to both.
    /// </summary>
    public static ILoggingBuilder AddParleyLogFile(this ILoggingBuilder logging)
    {
        // Built from the final options, so the data directory of any configuration source counts.
        logging.Services.AddSingleton<ILoggerProvider>(sp =>
        {
            var parley = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            var files = sp.GetRequiredService<IOptions<LogFileOptions>>().Value;
            var directory = parley.ResolveDataDirectory(sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
            var file = new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .Enrich.With<WithoutRequestPath>()
                .WriteTo.File(
                    new CompactJsonFormatter(),
                    Path.Combine(directory, "logs", "parley-.log"),
                    fileSizeLimitBytes: 10 * 1024 * 1024,
                    rollOnFileSizeLimit: true,
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: files.RetainedFiles,
                    buffered: true,
                    flushToDiskInterval: TimeSpan.FromSeconds(1))
                .CreateLogger();
            return new SerilogLoggerProvider(file, dispose: true);
        });
        return logging;
    }

    /// <summary>
    /// Drops the framework's <c>RequestPath</c> scope property: a raw path can name a user
    /// (<c>/thread/{id}/{username}</c>). Request lines carry the route template instead.
    /// </summary>
    private sealed class WithoutRequestPath : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
    }
}
