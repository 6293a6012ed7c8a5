using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>JWTs built by hand, byte for byte, as an attacker would build them.</summary>
internal static class ForgedTokens
{
    public static string Payload(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var nbf = (notBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds();
        var exp = (expires ?? now.AddHours(1)).ToUnixTimeSeconds();
        return $$"""{"sub":"{{subject}}","iss":"parley","aud":"parley","iat":{{nbf}},"nbf":{{nbf}},"exp":{{exp}}}""";
    }

    /// <summary>HS256 over header and payload with <paramref name="key"/> (the server's own key by default).</summary>
    public static string Hs256(string payload, byte[]? key = null, string header = """{"alg":"HS256","typ":"JWT"}""") =>
        Sign(header, payload, data => HMACSHA256.HashData(key ?? Encoding.UTF8.GetBytes(ParleyFactory.SigningKey), data));

    public static string Rs256(string payload, RSA rsa, string? header = null) =>
        Sign(header ?? """{"alg":"RS256","typ":"JWT"}""", payload, data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>An RS256 header carrying the attacker's own public key, for a server naive enough to trust it.</summary>
    public static string EmbeddedJwkHeader(RSA rsa)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var e = Base64UrlEncoder.Encode(parameters.Exponent);
        var n = Base64UrlEncoder.Encode(parameters.Modulus);
        return $$$"""{"alg":"RS256","typ":"JWT","jwk":{"kty":"RSA","e":"{{{e}}}","n":"{{{n}}}"}}""";
    }

    private static string Sign(string header, string payload, Func<byte[], byte[]> sign)
    {
        var signed = $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}";
        return $"{signed}.{Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(signed)))}";
    }
}
