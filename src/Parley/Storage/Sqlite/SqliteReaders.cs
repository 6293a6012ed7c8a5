using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Open read connections, each keeping its prepared statements: preparing a statement costs
/// about as much as running a small page query, and reads repeat the same few statements.
/// </summary>
internal sealed class SqliteReaders(string connectionString) : IDisposable
{
    private const int MaxIdle = 64;
    // A queue, not a bag: sessions are returned on other threads than they were taken on, and
    // a bag then steals from other threads' lists under a lock.
    private readonly ConcurrentQueue<ReadSession> _idle = new();

    public async ValueTask<ReadSession> RentAsync(CancellationToken ct)
    {
        if (_idle.TryDequeue(out var session))
        {
            return session;
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return new ReadSession(this, connection);
    }

    internal void Return(ReadSession session)
    {
        if (session.IsHealthy && _idle.Count < MaxIdle)
        {
            _idle.Enqueue(session);
        }
        else
        {
            session.Close();
        }
    }

    public void Dispose()
    {
        while (_idle.TryDequeue(out var session))
        {
            session.Close();
        }
    }
}

/// <summary>One rented connection; dispose it to give it back.</summary>
internal sealed class ReadSession(SqliteReaders pool, SqliteConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = [];

    public bool IsHealthy => connection.State == System.Data.ConnectionState.Open;

    /// <summary>The session's prepared command for <paramref name="sql"/>, with these parameters bound.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public ValueTask DisposeAsync()
    {
        pool.Return(this);
        return ValueTask.CompletedTask;
    }

    internal void Close()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}
