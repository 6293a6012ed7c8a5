using System.Data.Common;
using Parley.Storage.Internal;

namespace Parley.Storage.Postgres;

/// <summary>Parley's values as PostgreSQL keeps them: uuid, timestamptz and a text array of users.</summary>
internal readonly struct PostgresValues : IStoreValues
{
    public static Guid Id(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public static DateTimeOffset Time(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static IReadOnlyList<string> Users(DbDataReader reader, int ordinal) => reader.GetFieldValue<string[]>(ordinal);

    /// <summary>Times are kept to the millisecond, as on SQLite and in the API.</summary>
    public static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
