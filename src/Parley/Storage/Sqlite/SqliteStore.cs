using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Parley.Rules;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The embedded store: one writer connection with group commit (see <see cref="SqliteWriter"/>)
/// and pooled reader connections, which WAL lets read while the writer writes.
/// </summary>
internal sealed partial class SqliteStore : IParleyStore, IAsyncDisposable
{
    private static readonly TimeSpan KeyLifetime = Limits.IdempotencyWindow;

    private readonly string _readConnectionString;
    private readonly SqliteReaders _readers;
    private readonly string _writeConnectionString;
    private readonly TimeProvider _time;
    private readonly int _writeQueueCapacity;
    private readonly Lock _writerLock = new();
    private SqliteWriter? _writer;

    public SqliteStore(string connectionString, TimeProvider time, int writeQueueCapacity = 4096)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && builder.Mode != SqliteOpenMode.Memory
            && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        // Reads keep their own open connections (see SqliteReaders), so no driver pooling.
        builder.Pooling = false;
        _readConnectionString = builder.ToString();
        _readers = new SqliteReaders(_readConnectionString);
        // Another process holding the write lock must turn into a prompt 503, not a long wait.
        builder.DefaultTimeout = 5;
        _writeConnectionString = builder.ToString();
        _time = time;
        _writeQueueCapacity = writeQueueCapacity;
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection(_writeConnectionString);
        await connection.OpenAsync(ct);
        // WAL lets readers run beside the writer; it is a property of the file, set once.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", ct);
        await SqliteMigrator.ApplyAsync(connection, ct);
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            await using var session = await _readers.RentAsync(ct);
            return await session.Command("SELECT count(*) FROM schema_version").ExecuteScalarAsync(ct) is long;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        _readers.Dispose();
    }

    private SqliteWriter Writer
    {
        get
        {
            lock (_writerLock)
            {
                return _writer ??= CreateWriter();
            }
        }
    }

    private SqliteWriter CreateWriter()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // FULL: an acknowledged message survives power loss, not only a process crash.
            pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
            pragma.ExecuteNonQuery();
        }

        return new SqliteWriter(connection, _writeQueueCapacity, maxBatch: 256);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static byte[] Id(Guid id) => id.ToByteArray(bigEndian: true);

    private static Guid Id(SqliteDataReader reader, int ordinal) =>
        new(reader.GetFieldValue<byte[]>(ordinal), bigEndian: true);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>Reads id, seq, username, text, created_at starting at <paramref name="first"/>.</summary>
    private static MessageRecord ReadMessage(SqliteDataReader reader, Guid threadId, int first) =>
        new(Id(reader, first), threadId, reader.GetInt64(first + 1), reader.GetString(first + 2),
            reader.GetString(first + 3), Time(reader, first + 4));

    public async IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(
        Guid threadId, long afterSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        var command = session.Command(
            "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = @t AND seq > @s ORDER BY seq",
            ("@t", Id(threadId)), ("@s", afterSeq));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return ReadMessage(reader, threadId, 0);
        }
    }
}
