using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Parley.Auth;
using Parley.Rules;

namespace Parley.Operations;

/// <summary>
/// What every operation shares, whichever feature maps it: the 405 and 500 any route can
/// answer, one problem schema and description per error status, the headers that come with
/// 401, 405, 429 and 503, and who may call it.
/// </summary>
internal static class OpenApiOperations
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["400"] = "A rule is broken, or a query parameter or header is bad: `errors` names each field.",
        ["401"] = "No credential, or a malformed, expired or wrongly signed one.",
        ["403"] = "The caller may see the thread but not do this, or a user token named another user.",
        ["404"] = "No such thread (or message), or one this credential may not see: both answer the same.",
        ["405"] = "This path does not take this method; Allow lists the methods it takes.",
        ["413"] = $"The body is larger than {Limits.BodyBytes / 1024} KiB.",
        ["415"] = "The body was not sent as JSON (Content-Type: application/json).",
        ["422"] = "This Idempotency-Key was used with a different request within the last "
            + $"{Limits.IdempotencyWindow.TotalHours:0} hours.",
        ["429"] = "Too many requests from this caller; nothing was done. Retry after Retry-After seconds.",
        ["500"] = "An unexpected error: a bug. The detail says more only in the Development environment.",
        ["503"] = "The database is unavailable or the server is overloaded; nothing was written. Retry after Retry-After seconds.",
    };

    private const string BadBody =
        " Or the body is not JSON, or a field has the wrong type: then there is no `errors`, and `detail` says where.";

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        operation.Responses ??= [];
        // Every path answers 405 to the methods it does not map, but OpenAPI can describe a
        // response only on an operation, so each operation carries it.
        operation.Responses.TryAdd("405", new OpenApiResponse());
        operation.Responses.TryAdd("500", new OpenApiResponse());
        // In status order, for readers of the document and of generated clients.
        var responses = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in responses)
        {
            operation.Responses[status] = response;
            if (response is OpenApiResponse concrete && Descriptions.TryGetValue(status, out var description))
            {
                DescribeProblem(concrete, status, description, operation.RequestBody is not null, document);
            }
        }

        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        if (anonymous)
        {
            operation.Security = [];
        }

        if (metadata.OfType<QueryToken>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "access_token",
                In = ParameterLocation.Query,
                Description = "A user token, for clients that cannot set the Authorization header (browsers' EventSource). "
                    + "Accepted on the two event streams only; the header wins when both are sent.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        OpenApiParameters.DescribeCommon(operation);
        return Task.CompletedTask;
    }

    private static void DescribeProblem(OpenApiResponse response, string status, string description, bool hasBody, OpenApiDocument? document)
    {
        response.Description = status == "400" && hasBody ? description + BadBody : description;
        var schema = status == "400" ? OpenApiSchemas.ValidationProblem : OpenApiSchemas.Problem;
        response.Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        };

        if (HeaderFor(status) is not { } header)
        {
            return;
        }

        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[header.Name] = new OpenApiHeader
        {
            Description = header.Description,
            Required = true,
            Schema = header.Name == "Retry-After"
                ? new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }
                : new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }

    private static (string Name, string Description)? HeaderFor(string status) => status switch
    {
        "401" => ("WWW-Authenticate", "Always `Bearer`: the scheme to authenticate with."),
        "405" => ("Allow", "The methods this path takes."),
        "429" or "503" => ("Retry-After", "Whole seconds to wait before retrying."),
        _ => null,
    };
}
