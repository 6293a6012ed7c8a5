using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Parley.Rules;

namespace Parley.Auth;

/// <summary>Who is calling: the service key, or one user through a user token.</summary>
internal sealed record Caller(string? Username)
{
    public const string ServiceClaim = "parley:service";

    public static readonly Caller Service = new((string?)null);

    public bool IsService => Username is null;

    /// <summary>The name idempotency keys and rate limits are scoped to.</summary>
    public string Principal => Username is null ? "service" : "user:" + Username;

    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.HasClaim(ServiceClaim, "true"))
        {
            return Service;
        }

        if (!Usernames.TryNormalize(user.FindFirst("sub")?.Value, out var username))
        {
            return null;
        }

        return new Caller(username);
    }

    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

    /// <summary>
    /// The user this request acts as, <paramref name="named"/> by the request or not. A user
    /// token acts as itself (naming anyone else is forbidden); the service key must name a valid user.
    /// </summary>
    public bool TryActAs(string? named, [NotNullWhen(true)] out string? username, out ActingProblem problem)
    {
        username = null;
        string? normalized = null;
        if (named is not null && !Usernames.TryNormalize(named, out normalized))
        {
            problem = ActingProblem.Invalid;
            return false;
        }

        if (Username is not null && normalized is not null && normalized != Username)
        {
            problem = ActingProblem.Forbidden;
            return false;
        }

        username = Username ?? normalized;
        if (username is null)
        {
            problem = ActingProblem.Missing;
            return false;
        }

        problem = ActingProblem.None;
        return true;
    }
}

internal enum ActingProblem
{
    None,
    Missing,
    Invalid,
    Forbidden,
}
