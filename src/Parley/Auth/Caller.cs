using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using Parley.Rules;

namespace Parley.Auth;

/// <summary>Who is calling: the service key, or one user through a user token.</summary>
internal sealed record Caller(string? Username)
{
    public static readonly Caller Service = new((string?)null);

    public bool IsService => Username is null;

    /// <summary>When the user token expires (its <c>exp</c>); null for the service key.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The name idempotency keys and rate limits are scoped to.</summary>
    public string Principal => Username is null ? "service" : "user:" + Username;

    /// <summary>
    /// The caller an authenticated principal stands for. The service key's powers come only
    /// from the service-key scheme, never from a claim: a token signed with the signing key
    /// can say anything about itself, so a user token is only ever its <c>sub</c>.
    /// </summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        if (identity.AuthenticationType == ServiceKeyHandler.SchemeName)
        {
            return Service;
        }

        if (!Usernames.TryNormalize(user.FindFirst("sub")?.Value, out var username))
        {
            return null;
        }

        return new Caller(username) { ExpiresAt = Expiry(user) };
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

    // The token was validated already, exp included; a value too large for a date is "never".
    private static DateTimeOffset? Expiry(ClaimsPrincipal user)
    {
        if (!double.TryParse(user.FindFirst("exp")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        if (seconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return DateTimeOffset.MaxValue;
        }

        return DateTimeOffset.UnixEpoch.AddSeconds(Math.Max(0, seconds));
    }
}

internal enum ActingProblem
{
    None,
    Missing,
    Invalid,
    Forbidden,
}
