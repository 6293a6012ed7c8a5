using System.Reflection;
using Microsoft.Extensions.Options;
using Parley.Auth;
using Parley.Events;
using Parley.Operations;
using Parley.Rules;

namespace Parley.Info;

/// <summary>What a client needs to know about this server before signing in.</summary>
internal sealed record InfoResponse(string Version, bool DevTokens, InfoLimits Limits);

/// <summary>The contract's limits, as clients check them before sending.</summary>
internal sealed record InfoLimits(
    int TextCharacters,
    int TextBytes,
    int TitleCharacters,
    int TitleBytes,
    int UsernameCharacters,
    int UsersPerThread,
    int BodyBytes,
    int IdempotencyKeyCharacters,
    int MessagePageDefault,
    int MessagePageMax,
    int ThreadPageDefault,
    int ThreadPageMax,
    long TokenLifetimeDefaultSeconds,
    long TokenLifetimeMaxSeconds,
    int StreamsPerUser);

internal static class InfoApi
{
    /// <summary>
    /// <c>GET /v1/info</c>: anonymous and not rate limited, like the health checks, so a client
    /// learns whether development tokens are on without probing a route and reading its error.
    /// </summary>
    public static IEndpointRouteBuilder MapInfo(this IEndpointRouteBuilder routes)
    {
        // Nothing in the answer changes while the server runs: build it once.
        var info = new InfoResponse(
            Version(),
            routes.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.AllowDevTokens,
            CurrentLimits(routes.ServiceProvider.GetRequiredService<IOptions<StreamLimitOptions>>().Value.StreamsPerUser));

        routes.MapGet("/v1/info", () => TypedResults.Ok(info))
            .WithTags("Operations").WithName("getInfo").AllowAnonymous()
            .WithSummary("The server's version, whether development tokens are on, and the contract's limits (no credential)")
            .WithDescription("Needs no credential and is not rate limited. `limits` are the rules the server enforces on "
                + "texts, titles, usernames, threads, bodies, idempotency keys, pages and token lifetimes, so a client can "
                + "check input before sending it.")
            .ReadsNoDatabase()
            .AddOpenApiOperationTransformer((operation, context, ct) =>
            {
                // The document asks for a bearer credential everywhere; this route needs none.
                operation.Security = [];
                return Task.CompletedTask;
            });
        return routes;
    }

    private static InfoLimits CurrentLimits(int streamsPerUser) => new(
        Limits.TextCharacters,
        Limits.TextBytes,
        Limits.TitleCharacters,
        Limits.TitleBytes,
        Limits.UsernameCharacters,
        Limits.UsersPerThread,
        Limits.BodyBytes,
        Limits.IdempotencyKeyCharacters,
        Limits.DefaultMessagePage,
        Limits.MaxMessagePage,
        Limits.DefaultThreadPage,
        Limits.MaxThreadPage,
        Limits.DefaultTokenLifetimeSeconds,
        Limits.MaxTokenLifetimeSeconds,
        streamsPerUser);

    /// <summary>The assembly's informational version (the build's version, with its commit when known).</summary>
    private static string Version()
    {
        var attribute = typeof(InfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>();
        if (attribute is null)
        {
            return "unknown";
        }

        return attribute.InformationalVersion;
    }
}
