using System.Text;
using Npgsql;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Storage;

// Idempotency keys at rest, and those recorded before they were kept as digests.
public sealed partial class PostgresStoreTests
{
    [Fact]
    public async Task AnIdempotencyKeyIsStoredOnlyAsItsDigest()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var marker = Guid.NewGuid().ToString("N");
        var key = (marker + new string('k', 255))[..255];

        await Store.AppendMessageAsync(NewMessage(thread, Alma), Key(UserPrincipal(Alma), key, "send"), Ct);

        await using var connection = new NpgsqlConnection(TestPostgres.RequireServer());
        await connection.OpenAsync(Ct);
        await using var stored = new NpgsqlCommand(
            $"SELECT octet_length(key_digest), strpos(t::text, $1) FROM {_schema}.idempotency_digests t", connection)
        {
            Parameters = { new NpgsqlParameter { Value = marker } },
        };
        await using var reader = await stored.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal(32, reader.GetInt32(0));
        Assert.Equal(0, reader.GetInt32(1));
        Assert.False(await reader.ReadAsync(Ct));
    }

    [Fact]
    public async Task KeysRecordedBeforeTheyWereKeptAsDigestsAreStillHonoured()
    {
        var schema = $"release1_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        try
        {
            var thread = Guid.CreateVersion7();
            var settings = new NpgsqlConnectionStringBuilder(TestPostgres.RequireServer()) { SearchPath = schema };
            await using (var connection = new NpgsqlConnection(settings.ConnectionString))
            {
                // A database of the first schema, with a key recorded by the release that had it.
                await connection.OpenAsync(Ct);
                await using (var schema1 = new NpgsqlCommand(MigrationScripts.For("Postgres").First().Sql, connection))
                {
                    await schema1.ExecuteNonQueryAsync(Ct);
                }

                await using var setup = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("CREATE TABLE schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL)"),
                        new NpgsqlBatchCommand("INSERT INTO schema_version (version, applied_at) VALUES (1, now())"),
                        new NpgsqlBatchCommand("INSERT INTO threads (id, title, created_at) VALUES ($1, NULL, $2)")
                        {
                            Parameters = { new NpgsqlParameter { Value = thread }, new NpgsqlParameter { Value = Time.GetUtcNow() } },
                        },
                        new NpgsqlBatchCommand("""
                            INSERT INTO idempotency_keys (principal, key, fingerprint, thread_id, seq, created_at)
                            VALUES ('service', 'k', $1, $2, NULL, $3)
                            """)
                        {
                            Parameters =
                            {
                                new NpgsqlParameter { Value = Encoding.UTF8.GetBytes("create alma bob") },
                                new NpgsqlParameter { Value = thread },
                                new NpgsqlParameter { Value = Time.GetUtcNow() },
                            },
                        },
                    },
                };
                await setup.ExecuteNonQueryAsync(Ct);
            }

            var store = NewStore(schema);
            await store.MigrateAsync(Ct);

            Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, thread),
                await store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "k", "create alma bob"), Ct));
            Assert.Equal(WriteStatus.KeyReused, (await store.CreateThreadAsync(NewThread(Alma, Carol), Key(Service, "k", "create alma carol"), Ct)).Status);
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        }
    }
}
