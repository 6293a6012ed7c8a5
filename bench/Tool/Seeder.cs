using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Parley.Bench;

/// <summary>
/// Tops up a stopped server's SQLite file directly: each thread listed in --threads-file gets
/// messages until it holds --per-thread, and --big-thread until it holds --big-count. Rows are
/// what the server itself would store (same schema, seqs, read positions, unread counts),
/// written in large unjournaled transactions, which is safe only because the file is
/// throwaway and nothing else has it open.
/// </summary>
internal static class Seeder
{
    private const int RowsPerTransaction = 250_000;

    public static int Run(Options o)
    {
        var clock = Stopwatch.StartNew();
        var plan = File.ReadAllLines(o.Text("threads-file")).Where(line => line.Length > 0)
            .Select(id => (Id: Guid.Parse(id), Count: o.Long("per-thread"))).ToList();
        if (o.TextOrNull("big-thread") is { } big)
        {
            plan.Add((Guid.Parse(File.ReadAllText(big).Trim()), o.Long("big-count")));
        }

        // Thread ids are UUIDv7, so in id order the rows go in near the end of the table.
        plan.Sort((a, b) => a.Id.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(b.Id.ToByteArray(bigEndian: true)));

        var path = o.Text("db");
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        Execute(db, "PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");

        var writer = new ThreadWriter(db, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        long inserted = 0;
        var transaction = db.BeginTransaction();
        foreach (var (id, count) in plan)
        {
            inserted += writer.TopUp(transaction, id, count);
            if (writer.RowsInTransaction >= RowsPerTransaction)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = db.BeginTransaction();
                writer.RowsInTransaction = 0;
            }
        }

        transaction.Commit();
        transaction.Dispose();
        Execute(db, "PRAGMA journal_mode = WAL;");
        var stored = Scalar(db, "SELECT COALESCE(SUM(last_seq), 0) FROM threads");
        db.Close();

        var record = new SeedRecord
        {
            TargetMessages = o.Long("target", stored),
            Inserted = inserted,
            StoredAfter = stored,
            Seconds = clock.Elapsed.TotalSeconds,
            DatabaseMb = new FileInfo(path).Length / 1048576.0,
        };
        if (o.TextOrNull("stored-file") is { } storedFile)
        {
            File.WriteAllText(storedFile, $"{stored}\n");
        }

        if (o.TextOrNull("out") is { } output)
        {
            Json.AppendLine(output, record);
        }

        Console.WriteLine($"  seeded {inserted:N0} messages in {record.Seconds:0.0} s ({inserted / Math.Max(record.Seconds, 0.001):N0}/s); {stored:N0} stored, {record.DatabaseMb:N0} MB");
        return 0;
    }

    internal static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static long Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
