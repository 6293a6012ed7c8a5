namespace Parley.Tests.Infrastructure;

/// <summary>
/// The database a server process runs on. Out-of-process tests take one as a parameter, so the
/// same crash, shutdown and overload tests run on each provider: a provider supplies only the
/// settings that point a server at a fresh database of its own.
/// </summary>
public abstract class ServerStore
{
    public static readonly ServerStore Sqlite = new SqliteServerStore();

    public abstract string Name { get; }

    /// <summary>Settings for a server whose data directory is <paramref name="dataDirectory"/>.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings(string dataDirectory);

    public override string ToString() => Name;

    private sealed class SqliteServerStore : ServerStore
    {
        public override string Name => "sqlite";

        // The database file lives in the data directory, so a restart on the same directory reopens it.
        public override IReadOnlyDictionary<string, string?> Settings(string dataDirectory) =>
            new Dictionary<string, string?> { ["Parley:Database:Provider"] = "Sqlite" };
    }
}
