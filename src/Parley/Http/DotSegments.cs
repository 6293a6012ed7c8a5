using Microsoft.AspNetCore.Http.Features;

namespace Parley.Http;

/// <summary>
/// Refuses a request whose path has a <c>.</c> or <c>..</c> segment (also as <c>%2E</c>), with 400.
/// Kestrel resolves dot segments before routing, so <c>POST /thread/{id}/..</c> would otherwise
/// arrive as <c>POST /thread</c> and create a thread. Browsers and HTTP libraries resolve them
/// before sending, so only a hand-made request has one.
/// </summary>
internal sealed class DotSegments(RequestDelegate next)
{
    public const string Detail = "The path must not contain '.' or '..' segments.";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } target && HasDotSegment(target))
        {
            return TypedResults.Problem(statusCode: 400, title: "Bad Request", detail: Detail).ExecuteAsync(context);
        }

        return next(context);
    }

    public static bool HasDotSegment(string target)
    {
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        foreach (var segment in path.Split('/'))
        {
            var decoded = segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (decoded is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
