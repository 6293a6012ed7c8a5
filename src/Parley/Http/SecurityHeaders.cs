namespace Parley.Http;

/// <summary>
/// Headers every response carries, errors included: clients must not sniff a JSON or problem
/// body into something executable, and no address of ours leaks to another site through Referer.
/// Set when the response starts, so that an exception handler clearing the response keeps them.
/// (The web client's pages add their own Content-Security-Policy.)
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
