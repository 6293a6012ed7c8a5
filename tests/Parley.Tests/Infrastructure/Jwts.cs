using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Parley.Tests.Infrastructure;

/// <summary>Hand-made user tokens, good and bad, for the authentication tests.</summary>
public static class Jwts
{
    public const string OtherKey = "another-signing-key-0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Create(
        string? subject,
        DateTime? expires = null,
        string issuer = "parley",
        string audience = "parley",
        string signingKey = ParleyFactory.SigningKey,
        string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddHours(1);
        var claims = new Dictionary<string, object>();
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-2),
            NotBefore = expiry.AddHours(-2),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), algorithm),
        });
    }

    /// <summary>A correctly signed token with no <c>exp</c> claim.</summary>
    public static string WithoutExpiry(string subject) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "parley",
            Audience = "parley",
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ParleyFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>An unsigned token (<c>"alg": "none"</c>) that is otherwise valid.</summary>
    public static string WithAlgNone(string subject)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{subject}}","iss":"parley","aud":"parley","exp":{{exp}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>A minted token whose payload is swapped for another user's, keeping the original signature.</summary>
    public static string WithSwappedSubject(string token, string subject)
    {
        var parts = token.Split('.');
        var payload = new JsonWebToken(token);
        var forged = Base64UrlEncoder.Encode(
            $$"""{"sub":"{{subject}}","iss":"{{payload.Issuer}}","aud":"parley","exp":{{new DateTimeOffset(payload.ValidTo).ToUnixTimeSeconds()}}}""");
        return $"{parts[0]}.{forged}.{parts[2]}";
    }
}
