using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Parley.Storage;

namespace Parley.Errors;

/// <summary>
/// Turns the exceptions that are not bugs into their problem: bad requests the server caught
/// while reading, and the store's two refusals, unavailable and overloaded (503, Retry-After).
/// Anything else, a driver's exception included, is a bug: a 500 whose detail shows only in
/// Development, logged here once.
/// </summary>
internal sealed partial class ExceptionMapping(IProblemDetailsService problems, IHostEnvironment env, ILogger<ExceptionMapping> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            StoreOverloadedException => (503, "The server is busy; retry after the number of seconds in Retry-After."),
            StoreUnavailableException => (503, "The database is not available; nothing was written. Retry after the number of seconds in Retry-After."),
            _ => (500, env.IsDevelopment() ? exception.ToString() : "An unexpected error occurred."),
        };

        // A refusal under overload is expected and already on the request line; logging a stack
        // trace for each one would slow the server down exactly when it is shedding load.
        if (status >= 500 && exception is not StoreOverloadedException)
        {
            LogFailure(log, status, exception);
        }

        if (status == 503)
        {
            http.Response.Headers.RetryAfter = "1";
        }

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    [LoggerMessage(1100, LogLevel.Error, "Request failed with {Status}", EventName = "RequestFailed")]
    private static partial void LogFailure(ILogger log, int status, Exception exception);
}
