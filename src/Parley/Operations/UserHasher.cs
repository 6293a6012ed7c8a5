using System.Security.Cryptography;
using System.Text;
using Parley.Auth;

namespace Parley.Operations;

/// <summary>Stands in for usernames in logs: a keyed hash, stable per server, not reversible.</summary>
internal sealed class UserHasher(KeyRing keys)
{
    public string Hash(string username)
    {
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(keys.UserHashKey, Encoding.UTF8.GetBytes(username), digest);
        return "u:" + Convert.ToHexStringLower(digest[..6]);
    }

    public string Describe(Caller? caller) => caller switch
    {
        null => "anonymous",
        { Username: { } user } => Hash(user),
        _ => "service",
    };
}
