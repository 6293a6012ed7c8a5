using Microsoft.OpenApi;

namespace Parley.Operations;

/// <summary>
/// Schemas for one event of each live stream. OpenAPI 3.1 has no vocabulary for the items of
/// a text/event-stream; each schema describes one event as its fields (<c>id</c>, <c>event</c>,
/// and <c>data</c> parsed from its one line of JSON), the shape OpenAPI 3.2 gives stream items.
/// </summary>
internal static class OpenApiEvents
{
    public const string MediaType = "text/event-stream";
    public const string ThreadStreamEvent = "ThreadStreamEvent";
    public const string UserStreamEvent = "UserStreamEvent";

    public const string ThreadFraming =
        "Each event is the lines `id: <seq>`, `event: message` and `data: <Message as one line of JSON>`, then a blank line.";

    public const string UserFraming =
        "Each event is the lines `event: message` (data: a Message) or `event: thread` (data: a Thread, as the user sees it), "
        + "then `data: <one line of JSON>` and a blank line. Events carry no `id`: this stream does not resume.";

    public static Task AddSchemasAsync(OpenApiDocument document, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;
        var message = new OpenApiSchemaReference("MessageResponse", document);
        var thread = new OpenApiSchemaReference("ThreadResponse", document);

        var threadEvent = Event("message", message, "A message of the thread, in seq order.");
        threadEvent.Properties!["id"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Pattern = "^[0-9]+$",
            Description = "The message's seq. Reconnect with Last-Event-ID set to the last one received to resume.",
        };
        threadEvent.Required!.Add("id");
        schemas[ThreadStreamEvent] = threadEvent;

        schemas["UserMessageEvent"] = Event("message", message, "A new message in one of the user's threads.");
        schemas["UserThreadEvent"] = Event("thread", thread, "The user was added to a thread: the thread as they see it.");
        schemas[UserStreamEvent] = new OpenApiSchema
        {
            Description = "One event of the user's stream.",
            OneOf = [new OpenApiSchemaReference("UserMessageEvent", document), new OpenApiSchemaReference("UserThreadEvent", document)],
            Discriminator = new OpenApiDiscriminator
            {
                PropertyName = "event",
                Mapping = new Dictionary<string, OpenApiSchemaReference>
                {
                    ["message"] = new("UserMessageEvent", document),
                    ["thread"] = new("UserThreadEvent", document),
                },
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Event(string type, IOpenApiSchema data, string description) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Required = new HashSet<string> { "event", "data" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["event"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = type, Description = "The `event:` field." },
            ["data"] = data,
        },
    };
}
