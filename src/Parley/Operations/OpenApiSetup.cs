using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Parley.Operations;

internal static class OpenApiSetup
{
    public static IServiceCollection AddParleyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Parley",
                Version = "v1",
                Description = "Self-hostable messaging: threads, messages, read positions and live events over Server-Sent Events. "
                    + "Authenticate with `Authorization: Bearer <service key or user token>`. "
                    + "Every error is application/problem+json.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The service key, or a user token (JWT) minted by POST /v1/tokens.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));

    public static WebApplication MapParleyDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Parley API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }
}
