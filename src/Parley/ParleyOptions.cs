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
