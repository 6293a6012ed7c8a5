namespace Parley.Operations;

/// <summary>Operations' log lines, with stable ids (5000–5999) for operators to filter on.</summary>
internal static partial class OperationsLog
{
    /// <summary>One line per request; never the raw path or query, never a username.</summary>
    [LoggerMessage(5000, LogLevel.Information, "{Method} {Route} {Status} {ElapsedMs:0.0} ms {Caller}", EventName = "Request")]
    public static partial void Request(ILogger log, string method, string route, int status, double elapsedMs, string caller);
}
