using System.ComponentModel.DataAnnotations;

namespace Parley;

/// <summary>Settings under <c>Parley</c>.</summary>
internal sealed class ParleyOptions
{
    public const string Section = "Parley";

    /// <summary>Where the SQLite database, generated keys and log files live.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Parley:DataDirectory must name a directory.")]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How many writes may wait for the database before sends are refused with 503.</summary>
    [Range(16, 1_000_000, ErrorMessage = "Parley:WriteQueueCapacity must be between 16 and 1000000.")]
    public int WriteQueueCapacity { get; set; } = 4096;

    /// <summary>A relative path counts from the working directory, so <c>./data</c> is where the server was started.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}

/// <summary>Settings under <c>Parley:Database</c>.</summary>
internal sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Parley:Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    [Required(ErrorMessage = "Parley:Database:Provider must be Sqlite or Postgres.")]
    [AllowedValues(Sqlite, Postgres, ErrorMessage = "Parley:Database:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// Defaults to <c>Data Source=&lt;data directory&gt;/parley.db</c> for SQLite; required for
    /// PostgreSQL. Never logged: it may hold a password.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Applies pending migrations at start-up; off for operators who run <c>migrate</c> themselves.</summary>
    public bool AutoMigrate { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != Postgres)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Parley:Database:ConnectionString is required when Parley:Database:Provider is Postgres "
                + "(for example \"Host=db;Database=parley;Username=parley;Password=…\").", [nameof(ConnectionString)]);
            yield break;
        }

        string? problem = null;
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword, never a value.
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult(
                $"Parley:Database:ConnectionString is not a PostgreSQL connection string: {problem}", [nameof(ConnectionString)]);
        }
    }
}

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

/// <summary>Settings under <c>Parley:RateLimit</c>: a token bucket per principal.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Parley:RateLimit";

    /// <summary>Sustained requests per second; 0 turns the limiter off.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Parley:RateLimit:PermitsPerSecond must be between 0 and 1000000.")]
    public int PermitsPerSecond { get; set; } = 20;

    [Range(1, 1_000_000, ErrorMessage = "Parley:RateLimit:Burst must be between 1 and 1000000.")]
    public int Burst { get; set; } = 40;

    public bool LimitServiceKey { get; set; }
}

/// <summary>Settings under <c>Parley:Logging</c>.</summary>
internal sealed class LogFileOptions
{
    public const string Section = "Parley:Logging";

    /// <summary>How many 10 MB log files to keep.</summary>
    [Range(1, 1000, ErrorMessage = "Parley:Logging:RetainedFiles must be between 1 and 1000.")]
    public int RetainedFiles { get; set; } = 10;
}
