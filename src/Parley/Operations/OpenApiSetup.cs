using Microsoft.OpenApi;

namespace Parley.Operations;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: generated from the routes and their metadata, then
/// corrected by transformers wherever the types alone would say something the server does not do.
/// </summary>
internal static class OpenApiSetup
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Tokens"] = "User tokens: JWTs the server mints and validates.",
        ["Threads"] = "Threads: their members, titles and unread counts.",
        ["Messages"] = "Messages and read positions.",
        ["Live events"] = "Server-Sent Events streams of a thread, or of all of a user's threads.",
        ["Seed-compatible"] = "The original service's three routes, with their shapes kept, over the same threads and messages.",
        [OpenApiHealth.Tag] = "Health checks, for load balancers and orchestrators.",
    };

    public static IServiceCollection AddParleyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = OpenApiSchemas.ReferenceId;
            options.AddSchemaTransformer(OpenApiSchemas.TransformAsync);
            options.AddOperationTransformer(OpenApiOperations.TransformAsync);
            options.AddDocumentTransformer((document, _, ct) => OpenApiEvents.AddSchemasAsync(document, ct));
            options.AddDocumentTransformer((document, _, ct) => OpenApiHealth.AddPathsAsync(document, ct));
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapParleyDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();
        return app;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Parley",
            Version = "v1",
            Description = "Self-hostable messaging: threads, messages, read positions and live events over Server-Sent Events. "
                + "Authenticate with `Authorization: Bearer <service key or user token>`. "
                + "Bodies are JSON with snake_case names; times are RFC 3339 UTC with milliseconds. "
                + "Every error is application/problem+json.",
        };

        // The generated server URL ends with '/', which joined with paths gives '//'.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The service key, or a user token (JWT) minted by POST /v1/tokens.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, description) in TagDescriptions)
        {
            if (document.Tags.FirstOrDefault(t => t.Name == name) is { } tag)
            {
                tag.Description = description;
            }
            else
            {
                document.Tags.Add(new OpenApiTag { Name = name, Description = description });
            }
        }
    }
}
