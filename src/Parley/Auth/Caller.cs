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

        return user.FindFirst("sub")?.Value is { } sub && Usernames.IsValid(sub) ? new Caller(Usernames.Normalize(sub)) : null;
    }

    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

    /// <summary>
    /// The user this request acts as. A user token acts as itself (naming anyone else is
    /// forbidden); the service key must name a valid user.
    /// </summary>
    public Acting ActAs(string? named)
    {
        if (named is not null && !Usernames.IsValid(named))
        {
            return new Acting(null, ActingProblem.Invalid);
        }

        var normalized = named is null ? null : Usernames.Normalize(named);
        if (Username is not null)
        {
            return normalized is null || normalized == Username
                ? new Acting(Username, ActingProblem.None)
                : new Acting(null, ActingProblem.Forbidden);
        }

        return normalized is null ? new Acting(null, ActingProblem.Missing) : new Acting(normalized, ActingProblem.None);
    }
}

internal enum ActingProblem
{
    None,
    Missing,
    Invalid,
    Forbidden,
}

internal readonly record struct Acting(string? Username, ActingProblem Problem);
