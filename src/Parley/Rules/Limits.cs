namespace Parley.Rules;

/// <summary>
/// Every limit of the published contract (API.md), in one place: validation, the OpenAPI
/// document and <c>GET /v1/info</c> all read them from here, so they cannot disagree.
/// </summary>
internal static class Limits
{
    /// <summary>Message text: user-perceived characters (grapheme clusters).</summary>
    public const int TextCharacters = 280;

    /// <summary>Message text: bytes of UTF-8, so combining marks cannot inflate a message.</summary>
    public const int TextBytes = 4 * 1024;

    public const int TitleCharacters = 100;
    public const int TitleBytes = 1024;

    public const int UsernameCharacters = 64;
    public const int MinUsersPerThread = 2;
    public const int UsersPerThread = 100;

    /// <summary>Request bodies, counted after any transfer framing.</summary>
    public const int BodyBytes = 64 * 1024;

    /// <summary>
    /// A chunked body on the wire, framing included: room for <see cref="BodyBytes"/> sent in
    /// one-byte chunks with zero-padded sizes (13 bytes each); only chunk extensions go past it.
    /// </summary>
    public const int FramedBodyBytes = 16 * BodyBytes;

    public const int IdempotencyKeyCharacters = 255;

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>How many idempotency keys of one user are remembered at most: the newest.</summary>
    public const int IdempotencyKeysPerUser = 10_000;

    public const long DefaultTokenLifetimeSeconds = 86_400;
    public const long MaxTokenLifetimeSeconds = 2_592_000;

    /// <summary>A page of messages: <c>limit</c> default and maximum.</summary>
    public const int DefaultMessagePage = 50;
    public const int MaxMessagePage = 200;

    /// <summary>A page of the thread list: <c>limit</c> default and maximum.</summary>
    public const int DefaultThreadPage = 20;
    public const int MaxThreadPage = 100;
}
