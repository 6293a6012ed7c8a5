using System.Data.Common;
using Parley.Storage.Internal;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Parley's values as SQLite keeps them: ids as 16-byte big-endian blobs (so version 7 ids
/// sort by time, as they do in PostgreSQL), times as Unix milliseconds, a thread's users as
/// one space-separated text (usernames have no spaces).
/// </summary>
internal readonly struct SqliteValues : IStoreValues
{
    public static byte[] Id(Guid id) => id.ToByteArray(bigEndian: true);

    public static Guid Id(DbDataReader reader, int ordinal) => new(reader.GetFieldValue<byte[]>(ordinal), bigEndian: true);

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static IReadOnlyList<string> Users(DbDataReader reader, int ordinal) => reader.GetString(ordinal).Split(' ');
}
