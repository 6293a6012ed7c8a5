using Npgsql;

namespace Parley.Storage.Postgres;

/// <summary>
/// How the store uses its pooled connections. A read that meets an outage is tried once more
/// on a fresh connection; a write never is. Either way an outage then surfaces as
/// <see cref="StoreUnavailableException"/> (<see cref="PostgresFailures"/>).
/// </summary>
internal sealed class PostgresConnections(NpgsqlDataSource dataSource)
{
    /// <summary>Runs a read on a pooled connection, once more if the first try met an outage.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                return await read(connection, ct);
            }
            catch (Exception ex) when (PostgresFailures.IsOutage(ex, ct))
            {
                if (attempt == 2)
                {
                    throw PostgresFailures.Unavailable(dataSource, ex);
                }

                // A pooled connection the server has dropped fails on first use; the next is new.
                dataSource.Clear();
            }
        }
    }

    /// <summary>
    /// Runs a write on a pooled connection. The write commits its own transaction; one that
    /// fails or returns without committing is rolled back whole. Never retried: a failure
    /// while committing leaves unknown whether the commit happened. A write honours the
    /// caller's token until it sends its changes, and then runs to the end (bounded by the
    /// command timeout), so that a change that commits is always answered and announced.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await write(connection, ct);
        }
        catch (Exception ex) when (PostgresFailures.IsOutage(ex, ct))
        {
            throw PostgresFailures.Unavailable(dataSource, ex);
        }
    }
}
