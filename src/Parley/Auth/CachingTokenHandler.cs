using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Parley.Auth;

/// <summary>
/// Remembers tokens that validated, by their exact text, until they expire. Checking a
/// signature and parsing claims costs tens of microseconds on every request, and a client
/// sends the same token again and again. Only successes are kept; expiry is checked on
/// every hit as strictly as the full validation does (no clock skew).
/// </summary>
internal sealed class CachingTokenHandler : JsonWebTokenHandler
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var cached))
        {
            if (DateTime.UtcNow <= cached.SecurityToken.ValidTo)
            {
                return cached;
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            // A crude bound: a flood of distinct tokens cannot grow memory without limit.
            if (_valid.Count >= MaxEntries)
            {
                _valid.Clear();
            }

            _valid[token] = result;
        }

        return result;
    }
}
