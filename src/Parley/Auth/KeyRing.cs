using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Parley.Storage;

namespace Parley.Auth;

/// <summary>
/// The service key and the token signing key: configured, or generated once into the data
/// directory (created 0700, each key file 0600) and read back on later starts. Only file paths
/// are logged.
/// </summary>
internal sealed class KeyRing
{
    private readonly byte[] _serviceKeyDigest;

    public KeyRing(IOptions<AuthOptions> auth, IOptions<ParleyOptions> parley, IHostEnvironment env, ILogger<KeyRing> log)
    {
        var directory = parley.Value.ResolveDataDirectory();
        var serviceKey = auth.Value.ServiceKey ?? LoadOrCreate(directory, "service-key", "service key", log);
        var signingKey = auth.Value.SigningKey ?? LoadOrCreate(directory, "signing-key", "signing key", log);
        _serviceKeyDigest = SHA256.HashData(Encoding.UTF8.GetBytes(serviceKey));
        var signing = Encoding.UTF8.GetBytes(signingKey);
        SigningKey = new SymmetricSecurityKey(signing) { KeyId = "parley" };
        // Usernames in logs are replaced by a keyed hash; the key is derived, never the signing key itself.
        UserHashKey = HMACSHA256.HashData(signing, "parley/log-usernames"u8);
    }

    public SymmetricSecurityKey SigningKey { get; }

    public byte[] UserHashKey { get; }

    /// <summary>Compares in constant time: both sides are hashed to equal-length digests first.</summary>
    public bool IsServiceKey(string credential)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(credential), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _serviceKeyDigest);
    }

    private static string LoadOrCreate(string directory, string fileName, string what, ILogger log)
    {
        var path = Path.Combine(directory, fileName);
        if (File.Exists(path))
        {
            AuthLog.UsingKey(log, what, path);
            return File.ReadAllText(path).Trim();
        }

        PrivateFiles.CreateDirectory(directory);
        var key = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new StreamWriter(path, Encoding.ASCII, options))
            {
                file.Write(key);
            }

            AuthLog.GeneratedKey(log, what, path);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance sharing the directory wrote it first; use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
