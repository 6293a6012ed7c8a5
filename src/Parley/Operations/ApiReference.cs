using Scalar.AspNetCore;

namespace Parley.Operations;

/// <summary>
/// The API reference at /docs (Scalar, served from the package's own files). A self-hosted server
/// must not make browsers call out: the default fonts, telemetry and AI chat, which would reach
/// Scalar's hosts, are off, and the page's policy lets it talk to this origin only.
/// </summary>
internal static class ApiReference
{
    public const string Path = "/docs";

    /// <summary>
    /// Scripts from this origin or carrying the page's fresh nonce (the inline start-up script);
    /// inline styles, because the reference's components set them as they render.
    /// </summary>
    public static string ContentSecurityPolicy(string? nonce) =>
        "default-src 'none'; "
        + (nonce is null ? "script-src 'self'; " : $"script-src 'self' 'nonce-{nonce}'; ")
        + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointConventionBuilder MapApiReference(this WebApplication app) =>
        app.MapScalarApiReference(Path, options => options
            .WithTitle("Parley API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .WithNonce()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent())
            .AllowAnonymous();

    /// <summary>Sets the policy on every response under /docs, with the nonce the page was rendered with.</summary>
    public static WebApplication UseApiReferencePolicy(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var nonce = context.Items[ScalarOptions.NonceHttpContextItemKey] as string;
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                return Task.CompletedTask;
            });
            return next(context);
        }));
        return app;
    }
}
