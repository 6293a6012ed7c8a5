using Microsoft.IdentityModel.Tokens;

namespace Parley.Auth;

/// <summary>
/// Checks a token's <c>nbf</c> and <c>exp</c> against the server's <see cref="TimeProvider"/>,
/// so that minting, the token cache and validation share one clock. As strict as the token
/// library's own check with no clock skew, and failing with the same exceptions, so the
/// <c>WWW-Authenticate</c> answer does not change.
/// </summary>
internal static class TokenLifetime
{
    public static LifetimeValidator Using(TimeProvider time) =>
        (notBefore, expires, _, _) => Check(notBefore, expires, time.GetUtcNow().UtcDateTime);

    public static bool Check(DateTime? notBefore, DateTime? expires, DateTime now)
    {
        if (expires is not { } end)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } start && start > end)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = start, Expires = end };
        }

        if (notBefore is { } early && early > now)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = early };
        }

        if (end < now)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = end };
        }

        return true;
    }
}
