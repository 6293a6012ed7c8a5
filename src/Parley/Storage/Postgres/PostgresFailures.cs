using Npgsql;

namespace Parley.Storage.Postgres;

/// <summary>
/// Tells PostgreSQL's outages from Parley's bugs. An outage means the database cannot serve
/// now (down, restarting, unreachable, out of connections or resources, a standby after a
/// failover) and the same statement may succeed later; everything else PostgreSQL refuses (a
/// constraint, a statement it cannot run) is a bug and stays the driver's exception.
/// </summary>
internal static class PostgresFailures
{
    /// <summary>Whether <paramref name="ex"/> is an outage. A cancelled caller is never one.</summary>
    public static bool IsOutage(Exception ex, CancellationToken ct) => !ct.IsCancellationRequested && ex switch
    {
        PostgresException pg => pg.IsTransient // also serialization failures and deadlocks: retry-safe
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources, too many connections
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal) // shutdown, cannot connect now, cancelled by the server
            || pg.SqlState.StartsWith("58", StringComparison.Ordinal) // system error (I/O on the server)
            || pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction, // a standby after failover
        NpgsqlException => true, // I/O, timeouts, a full pool: nothing reached or left the server
        _ => false,
    };

    /// <summary>
    /// The exception for an outage. Pooled connections may all be dead (a restarted server), so
    /// the pool is emptied and the next request starts afresh. The request's 503 is logged
    /// where it is answered.
    /// </summary>
    public static StoreUnavailableException Unavailable(NpgsqlDataSource dataSource, Exception ex)
    {
        dataSource.Clear();
        return new StoreUnavailableException("The database is not available.", ex);
    }
}
