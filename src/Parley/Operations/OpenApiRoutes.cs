using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Parley.Events;
using Parley.Idempotency;
using Parley.Rules;

namespace Parley.Operations;

/// <summary>What a route declares on its Map chain for the OpenAPI document, beyond what its handler's types say.</summary>
internal static class OpenApiRoutes
{
    /// <summary>The route reads an optional <c>Idempotency-Key</c> header (API.md §4, idempotent sends).</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(422).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Description = $"1–{Limits.IdempotencyKeyCharacters} printable ASCII characters. Within "
                    + $"{Limits.IdempotencyWindow.TotalHours:0} hours, a repeat by the same caller with the same key and the same "
                    + "body returns the original response and stores nothing new; the same key with a different body is 422.",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MinLength = 1,
                    MaxLength = Limits.IdempotencyKeyCharacters,
                    Pattern = "^[\\x20-\\x7E]+$",
                },
            });
            return Task.CompletedTask;
        });

    /// <summary>The 201 of this route carries <c>Location</c>: the path of what it created.</summary>
    public static RouteHandlerBuilder ProducesLocation(this RouteHandlerBuilder builder, string example) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.GetValueOrDefault("201") is OpenApiResponse created)
            {
                created.Headers ??= new Dictionary<string, IOpenApiHeader>();
                created.Headers["Location"] = new OpenApiHeader
                {
                    Description = $"The path of the created resource, such as {example}.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }

            return Task.CompletedTask;
        });

    /// <summary>The route answers 200 with a Server-Sent Events stream whose events <paramref name="eventSchema"/> describes.</summary>
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder, string eventSchema, string framing) =>
        builder.Produces(200, contentType: OpenApiEvents.MediaType).AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
            {
                var ping = context.ApplicationServices.GetRequiredService<IOptions<EventsOptions>>().Value.PingSeconds;
                ok.Description = $"A stream of Server-Sent Events. {framing} When nothing has been sent for {ping:0.##} seconds, "
                    + "the server writes a comment line `: ping`. The schema describes one event by its fields: `event`, `id` "
                    + "where it has one, and `data` parsed from its single line of JSON.";
                ok.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [OpenApiEvents.MediaType] = new() { Schema = new OpenApiSchemaReference(eventSchema, context.Document) },
                };
            }

            return Task.CompletedTask;
        });

    /// <summary>The route never touches the database, so it cannot answer 503.</summary>
    public static RouteHandlerBuilder ReadsNoDatabase(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses?.Remove("503");
            return Task.CompletedTask;
        });
}
