using System.ComponentModel.DataAnnotations;

namespace Parley.Auth;

/// <summary>Settings under <c>Parley:Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Parley:Auth";

    /// <summary>At least 32 bytes; generated into the data directory when absent.</summary>
    [MinLength(32, ErrorMessage = "Parley:Auth:ServiceKey must be at least 32 characters.")]
    [RegularExpression(@"^[^.\s]+$", ErrorMessage = "Parley:Auth:ServiceKey must not contain dots or white space.")]
    public string? ServiceKey { get; set; }

    /// <summary>The HS256 key for user tokens, at least 32 bytes; generated when absent.</summary>
    [MinLength(32, ErrorMessage = "Parley:Auth:SigningKey must be at least 32 characters.")]
    public string? SigningKey { get; set; }

    /// <summary>Enables <c>POST /v1/dev/tokens</c>. Development settings only.</summary>
    public bool AllowDevTokens { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Parley:Auth:Issuer must not be empty.")]
    public string Issuer { get; set; } = "parley";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Parley:Auth:Audience must not be empty.")]
    public string Audience { get; set; } = "parley";
}
