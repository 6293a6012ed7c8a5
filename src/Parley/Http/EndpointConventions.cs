using Microsoft.AspNetCore.Mvc;
using Parley.Operations;

namespace Parley.Http;

internal static class EndpointConventions
{
    /// <summary>What every authenticated route shares: a credential, the per-principal rate limit, their errors.</summary>
    public static TBuilder RequireParleyPolicies<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization()
            .RequireRateLimiting(RateLimiting.Policy)
            .WithMetadata(new ProducesResponseTypeMetadata(401, typeof(ProblemDetails), ["application/problem+json"]))
            .WithMetadata(new ProducesResponseTypeMetadata(429, typeof(ProblemDetails), ["application/problem+json"]))
            .WithMetadata(new ProducesResponseTypeMetadata(503, typeof(ProblemDetails), ["application/problem+json"]));

    /// <summary>The errors of a route that reads a JSON body.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem().ProducesProblem(413).ProducesProblem(415);
}
