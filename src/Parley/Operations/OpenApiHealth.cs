using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Parley.Operations;

/// <summary>
/// The health routes in the document. MapHealthChecks endpoints are middleware, not route
/// handlers, so the framework does not describe them; Program.cs maps them at these paths.
/// </summary>
internal static class OpenApiHealth
{
    public const string Tag = "Operations";

    public static Task AddPathsAsync(OpenApiDocument document, CancellationToken ct)
    {
        document.Paths ??= [];
        document.Paths["/health/live"] = Path(Operation(
            "getLiveness", "Is the process running?", "Answers 200 `Healthy` while the process runs. No credential.",
            ("200", "The process runs.", "Healthy")));
        document.Paths["/health/ready"] = Path(Operation(
            "getReadiness", "Can the server take requests?",
            "Answers 200 `Healthy` when the database answers, else 503 `Unhealthy`. No credential.",
            ("200", "The database answers.", "Healthy"),
            ("503", "The database does not answer.", "Unhealthy")));
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Path(OpenApiOperation get)
    {
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, get);
        return item;
    }

    private static OpenApiOperation Operation(
        string id, string summary, string description, params (string Status, string Description, string Body)[] answers)
    {
        var responses = new OpenApiResponses();
        foreach (var (status, text, body) in answers)
        {
            responses[status] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(body)] } },
                },
            };
        }

        return new OpenApiOperation
        {
            OperationId = id,
            Summary = summary,
            Description = description,
            Tags = new HashSet<OpenApiTagReference> { new(Tag) },
            Security = [],
            Responses = responses,
        };
    }
}
