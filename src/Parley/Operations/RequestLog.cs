using System.Diagnostics;
using Parley.Auth;

namespace Parley.Operations;

/// <summary>
/// One line per request: method, route template (never the raw path or query, which can carry
/// ids, names or an access token), status, duration and the caller as a keyed hash.
/// </summary>
internal sealed class RequestLog(RequestDelegate next, ILogger<RequestLog> log, UserHasher users)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (log.IsEnabled(LogLevel.Information))
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                OperationsLog.Request(log, context.Request.Method, route, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, users.Describe(Caller.From(context.User)));
            }
        }
    }
}
