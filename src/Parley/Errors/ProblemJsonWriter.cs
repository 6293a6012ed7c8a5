using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Parley.Http;

namespace Parley.Errors;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's Accept
/// header says (the framework's own writer declines some), filling in type, title, a plain
/// detail and the trace id.
/// </summary>
internal sealed class ProblemJsonWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        problem.Type ??= TypeFor(status);
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= DetailFor(status, http);
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? http.TraceIdentifier;
        http.Response.ContentType = "application/problem+json";
        var json = ParleyJsonContext.Default;
        return new ValueTask(problem is HttpValidationProblemDetails validation
            ? http.Response.WriteAsJsonAsync(validation, json.HttpValidationProblemDetails, "application/problem+json", http.RequestAborted)
            : http.Response.WriteAsJsonAsync(problem, json.ProblemDetails, "application/problem+json", http.RequestAborted));
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };

    private static string DetailFor(int status, HttpContext http) => status switch
    {
        401 => "A valid credential is required: Authorization: Bearer <service key or user token>.",
        404 => "There is nothing at this address.",
        405 => $"This route does not accept {http.Request.Method}.",
        413 => Problems.TooLargeDetail,
        415 => Problems.UnsupportedMediaTypeDetail,
        429 => "Too many requests; retry after the number of seconds in Retry-After.",
        503 => "The service cannot take this request now; retry after the number of seconds in Retry-After.",
        _ => "The request could not be completed.",
    };
}
