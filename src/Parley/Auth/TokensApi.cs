using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Parley.Errors;
using Parley.Http;
using Parley.Operations;
using Parley.Rules;

namespace Parley.Auth;

internal sealed record TokenRequest(string? Username, long? ExpiresIn);

internal sealed record DevTokenRequest(string? Username);

internal sealed record TokenResponse(string Token, string Username, DateTimeOffset ExpiresAt);

internal static class TokensApi
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/tokens", IssueAsync)
            .WithTags("Tokens").RequireParleyPolicies()
            .Accepts<TokenRequest>("application/json")
            .WithName("createToken")
            .WithSummary("Mint a user token (service key only)")
            .WithDescription(OpenApiText.CreateToken)
            .ProducesBodyProblems().ProducesProblem(403).ReadsNoDatabase();

        // Absent unless enabled: a 404 like any unknown route.
        if (routes.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.AllowDevTokens)
        {
            routes.MapPost("/v1/dev/tokens", DevIssueAsync)
                .WithTags("Tokens").AllowAnonymous().RequireRateLimiting(Operations.RateLimiting.Policy)
                .Accepts<DevTokenRequest>("application/json")
                .WithName("createDevToken")
                .WithSummary("Mint a user token without a credential (development only)")
                .WithDescription(OpenApiText.CreateDevToken)
                .ProducesBodyProblems().ProducesProblem(429);
        }

        return routes;
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request, Caller caller, TokenIssuer issuer, CancellationToken ct)
    {
        if (!caller.IsService)
        {
            return Problems.Forbidden("Only the service key can mint user tokens.");
        }

        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.TokenRequest, ct);
        if (!body.TryGetValue(out var asked, out var problem))
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Usernames.TryNormalize(asked.Username, out var username))
        {
            errors["username"] = [Usernames.Rule];
        }

        var lifetime = asked.ExpiresIn ?? Limits.DefaultTokenLifetimeSeconds;
        if (lifetime is < 1 or > Limits.MaxTokenLifetimeSeconds)
        {
            errors["expires_in"] = [$"must be from 1 to {Limits.MaxTokenLifetimeSeconds} seconds"];
        }

        // A bad username is in errors too.
        if (username is null || errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return Issue(issuer, username, lifetime);
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> DevIssueAsync(
        HttpRequest request, TokenIssuer issuer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.DevTokenRequest, ct);
        if (!body.TryGetValue(out var asked, out var problem))
        {
            return problem;
        }

        if (!Usernames.TryNormalize(asked.Username, out var username))
        {
            return Problems.Invalid("username", Usernames.Rule);
        }

        return Issue(issuer, username, Limits.DefaultTokenLifetimeSeconds);
    }

    private static Created<TokenResponse> Issue(TokenIssuer issuer, string username, long seconds)
    {
        var (token, expires) = issuer.Issue(username, TimeSpan.FromSeconds(seconds));
        return TypedResults.Created((string?)null, new TokenResponse(token, username, expires));
    }
}
