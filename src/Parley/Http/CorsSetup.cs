using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Parley.Idempotency;

namespace Parley.Http;

/// <summary>Settings under <c>Parley:Cors</c>.</summary>
internal sealed class ParleyCorsOptions : IValidatableObject
{
    public const string Section = "Parley:Cors";

    /// <summary>Origins (<c>https://chat.example.com</c>) whose pages may call the API from a browser. Empty: CORS is off.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                yield return new ValidationResult(
                    $"Parley:Cors:AllowedOrigins must list explicit origins such as https://chat.example.com, not '{origin}'.");
            }
        }
    }
}

/// <summary>
/// CORS is off unless <c>Parley:Cors:AllowedOrigins</c> lists origins; then only those get
/// CORS headers. Credentials travel in the Authorization header, never in cookies, so CORS
/// credentials stay off.
/// </summary>
internal static class CorsSetup
{
    public static IServiceCollection AddParleyCors(this IServiceCollection services)
    {
        services.AddOptions<ParleyCorsOptions>().BindConfiguration(ParleyCorsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ParleyCorsOptions>>((cors, parley) => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. parley.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
            .WithMethods("GET", "POST", "PUT")
            .WithHeaders("Authorization", "Content-Type", IdempotencyKeys.Header, "Last-Event-ID")
            .WithExposedHeaders("Location", "Retry-After")));
        return services;
    }

    public static WebApplication UseParleyCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ParleyCorsOptions>>().Value.AllowedOrigins.Length > 0)
        {
            app.UseCors();
        }

        return app;
    }
}
