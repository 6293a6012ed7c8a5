namespace Parley.Web;

/// <summary>The web chat client in wwwroot, served as plain files at <c>/</c> with no credential.</summary>
internal static class WebClient
{
    /// <summary>
    /// The client runs only its own files: no inline script or style, no other origin, no framing.
    /// Set on the client's responses only, so the API reference at /docs keeps its own rules.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseWebClient(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // No build step means no hashed file names: revalidate so an upgrade is seen at once.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
