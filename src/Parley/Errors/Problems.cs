using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Rules;

namespace Parley.Errors;

/// <summary>The problem responses handlers return; every one becomes application/problem+json.</summary>
internal static class Problems
{
    public static readonly string TooLargeDetail = $"The body must be at most {Limits.BodyBytes / 1024} KiB.";

    public const string UnsupportedMediaTypeDetail = "The body must be JSON, sent with Content-Type: application/json.";

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Not Found", detail: "There is no such thread, or it is not visible to this credential.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: detail);

    public static ProblemHttpResult BadJson(string detail) =>
        TypedResults.Problem(statusCode: 400, title: "Bad Request", detail: detail);

    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem(statusCode: 415, title: "Unsupported Media Type", detail: UnsupportedMediaTypeDetail);

    public static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: 413, title: "Content Too Large", detail: TooLargeDetail);

    public static ProblemHttpResult KeyReused() =>
        TypedResults.Problem(statusCode: 422, title: "Unprocessable Content",
            detail: "This Idempotency-Key was already used with a different request.");

    public static ProblemHttpResult Invalid(string field, string error) =>
        Invalid(new Dictionary<string, string[]> { [field] = [error] });

    // A validation problem travels as a ProblemHttpResult too, so that every handler's
    // result union has one problem case; OpenAPI learns the shape from ProducesValidationProblem.
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = 400,
            Title = "Bad Request",
            Detail = "The request breaks one or more rules; see errors.",
        });

    /// <summary>The answer to a failed <see cref="Caller.ActAs"/>.</summary>
    public static ProblemHttpResult Acting(ActingProblem problem, string field) => problem switch
    {
        ActingProblem.Missing => Invalid(field, "is required when calling with the service key"),
        ActingProblem.Invalid => Invalid(field, Usernames.Rule),
        _ => Forbidden($"A user token acts only as its own user; '{field}' names someone else."),
    };
}
