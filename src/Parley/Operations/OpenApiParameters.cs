using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Parley.Operations;

/// <summary>
/// Parameters as clients must send them. Handlers read numbers from the query as text so that
/// a bad one is a 400 with <c>errors</c>; the document still says they are integers.
/// </summary>
internal static class OpenApiParameters
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["threadId"] = "A thread id, exactly as the server returned it.",
        ["user"] = "The user to act for. The service key must name one on the routes that are per user (the thread list, "
            + "the user stream); on a thread it is optional and adds that user's unread_count. A user token may name only itself.",
        ["cursor"] = "The next_cursor of the previous page.",
        ["username"] = "The member to post as.",
    };

    /// <summary>Declares a parameter the handler reads as text to be a whole number in [minimum, maximum].</summary>
    public static RouteHandlerBuilder WithIntegerParameter(
        this RouteHandlerBuilder builder, string name, long minimum, string description, long? maximum = null, long? fallback = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name)
                ?? throw new InvalidOperationException($"The route has no parameter '{name}' to describe.");
            parameter.Description = description;
            parameter.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = maximum <= int.MaxValue ? "int32" : "int64",
                Minimum = OpenApiFieldRules.Invariant(minimum),
                Maximum = maximum is { } max ? OpenApiFieldRules.Invariant(max) : null,
                Default = fallback is { } value ? JsonValue.Create(value) : null,
            };
            return Task.CompletedTask;
        });

    public static void DescribeCommon(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Description is null && parameter.Name is { } name && Descriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }
    }
}
