using System.Data.Common;

namespace Parley.Storage.Internal;

/// <summary>
/// How one store's driver hands back the values that each store keeps its own way: ids, times
/// and a thread's list of users. Implemented by an empty struct per store, so that the row
/// readers below compile to direct calls for each store.
/// </summary>
internal interface IStoreValues
{
    static abstract Guid Id(DbDataReader reader, int ordinal);

    static abstract DateTimeOffset Time(DbDataReader reader, int ordinal);

    static abstract IReadOnlyList<string> Users(DbDataReader reader, int ordinal);
}

/// <summary>A message as both stores select it: <see cref="Columns"/>, in this order.</summary>
internal static class MessageRow
{
    public const string Columns = "id, seq, username, text, created_at";

    private const int Id = 0;
    private const int Seq = 1;
    private const int Username = 2;
    private const int Text = 3;
    private const int CreatedAt = 4;

    /// <param name="first">Where the message's columns begin in the row.</param>
    public static MessageRecord Read<TValues>(DbDataReader reader, Guid threadId, int first = 0)
        where TValues : struct, IStoreValues => new(
            TValues.Id(reader, first + Id),
            threadId,
            reader.GetInt64(first + Seq),
            reader.GetString(first + Username),
            reader.GetString(first + Text),
            TValues.Time(reader, first + CreatedAt));
}

/// <summary>
/// A thread as both stores select it: the thread (<c>t.id, t.title, t.created_at,
/// t.last_seq</c>), its newest message (<c>m.</c> and <see cref="MessageRow.Columns"/>, null
/// when there is none), its users in their order, the unread count (null when read without a
/// member) and, in the inbox, the activity time it is ordered by. How the users are gathered
/// is each store's own.
/// </summary>
internal static class ThreadRow
{
    /// <summary>The inbox's ordering time, after the unread count.</summary>
    public const int Activity = 11;

    private const int Id = 0;
    private const int Title = 1;
    private const int CreatedAt = 2;
    private const int LastSeq = 3;
    private const int LastMessage = 4;
    private const int Users = 9;
    private const int Unread = 10;

    public static ThreadRecord Read<TValues>(DbDataReader reader)
        where TValues : struct, IStoreValues
    {
        var id = TValues.Id(reader, Id);
        return new ThreadRecord(
            id,
            reader.IsDBNull(Title) ? null : reader.GetString(Title),
            TValues.Users(reader, Users),
            TValues.Time(reader, CreatedAt),
            reader.GetInt64(LastSeq),
            reader.IsDBNull(LastMessage) ? null : MessageRow.Read<TValues>(reader, id, LastMessage),
            reader.IsDBNull(Unread) ? null : reader.GetInt32(Unread));
    }
}
