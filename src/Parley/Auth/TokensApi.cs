using Microsoft.AspNetCore.Http.HttpResults;
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
    public const long DefaultLifetimeSeconds = Limits.DefaultTokenLifetimeSeconds;
    public const long MaxLifetimeSeconds = Limits.MaxTokenLifetimeSeconds;

    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder routes, bool allowDevTokens)
    {
        routes.MapPost("/v1/tokens", IssueAsync)
            .WithTags("Tokens").RequireParleyPolicies()
            .Accepts<TokenRequest>("application/json")
            .WithName("createToken")
            .WithSummary("Mint a user token (service key only)")
            .WithDescription(OpenApiText.CreateToken)
            .ProducesBodyProblems().ProducesProblem(403).ReadsNoDatabase();

        // Absent unless enabled: a 404 like any unknown route.
        if (allowDevTokens)
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
        if (body.Problem is ProblemHttpResult bad)
        {
            return bad;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Usernames.IsValid(body.Value!.Username))
        {
            errors["username"] = [Usernames.Rule];
        }

        var lifetime = body.Value.ExpiresIn ?? DefaultLifetimeSeconds;
        if (lifetime is < 1 or > MaxLifetimeSeconds)
        {
            errors["expires_in"] = [$"must be from 1 to {MaxLifetimeSeconds} seconds"];
        }

        return errors.Count > 0 ? Problems.Invalid(errors) : Issue(issuer, body.Value.Username!, lifetime);
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> DevIssueAsync(
        HttpRequest request, TokenIssuer issuer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.DevTokenRequest, ct);
        if (body.Problem is ProblemHttpResult bad)
        {
            return bad;
        }

        return Usernames.IsValid(body.Value!.Username)
            ? Issue(issuer, body.Value.Username!, DefaultLifetimeSeconds)
            : Problems.Invalid("username", Usernames.Rule);
    }

    private static Created<TokenResponse> Issue(TokenIssuer issuer, string username, long seconds)
    {
        var user = Usernames.Normalize(username);
        var (token, expires) = issuer.Issue(user, TimeSpan.FromSeconds(seconds));
        return TypedResults.Created((string?)null, new TokenResponse(token, user, expires));
    }
}
