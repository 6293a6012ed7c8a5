using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Parley.Auth;

/// <summary>
/// Remembers tokens that validated, by their exact text, until they expire. Checking a
/// signature and parsing claims costs tens of microseconds on every request, and a client
/// sends the same token again and again. Only successes are kept; expiry is checked on
/// every hit as strictly as the full validation does (no clock skew). It also refuses what the
/// library lets through: a token whose header lists <c>crit</c> extensions (RFC 7515 §4.1.11
/// says a recipient that does not process them must refuse it, and Parley processes none).
/// </summary>
internal sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler, IDisposable
{
    // A flood of distinct tokens cannot grow memory without limit: past this many, the cache
    // compacts itself and a new token is validated in full until there is room again.
    private const int MaxEntries = 100_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.Get<TokenValidationResult>(token) is { } cached)
        {
            if (time.GetUtcNow().UtcDateTime <= cached.SecurityToken.ValidTo)
            {
                return cached;
            }

            _valid.Remove(token);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return new TokenValidationResult
            {
                IsValid = false,
                Exception = new SecurityTokenValidationException("The token's header lists critical extensions (crit); none is supported."),
            };
        }

        if (result.IsValid)
        {
            _valid.Set(token, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = ExpiresAt(result) });
        }

        return result;
    }

    // JWT times are UTC; the explicit kind keeps a DateTimeOffset from reading them as local time.
    private static DateTimeOffset ExpiresAt(TokenValidationResult result) =>
        new(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc));

    public void Dispose() => _valid.Dispose();
}
