using Microsoft.Data.Sqlite;

namespace Parley.Tests.Security;

/// <summary>
/// A summary of everything the SQLite store holds (rows per table, read positions, unread
/// counts), read straight from the database file: equal before and after a request means the
/// request stored nothing. A PostgreSQL store gets the same probe over its own connection.
/// </summary>
internal sealed class StoreProbe : IDisposable
{
    private const string Summary = """
        SELECT (SELECT count(*) FROM threads) || ' ' || (SELECT count(*) FROM thread_users) || ' '
            || (SELECT count(*) FROM messages) || ' ' || (SELECT total(read_seq) FROM thread_users) || ' '
            || (SELECT total(unread) FROM thread_users) || ' ' || (SELECT count(*) FROM idempotency_digests)
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _summary;

    public StoreProbe(string dataDirectory)
    {
        _connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "parley.db")};Mode=ReadOnly;Pooling=False");
        _connection.Open();
        _summary = _connection.CreateCommand();
        _summary.CommandText = Summary;
    }

    public string Read() => (string)_summary.ExecuteScalar()!;

    public void Dispose()
    {
        _summary.Dispose();
        _connection.Dispose();
    }
}
