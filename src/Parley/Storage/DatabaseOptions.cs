using System.ComponentModel.DataAnnotations;

namespace Parley.Storage;

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
