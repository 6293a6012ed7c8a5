using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Parley.Storage.Internal;

/// <summary>
/// A read of every message of a thread, as short reads. Messages are only ever appended, with
/// gapless seqs, so such a read first fixes where it ends (the thread's last seq when it
/// begins) and then takes the messages after the last one it has, a chunk at a time: each
/// chunk is one short query on a connection of its own, given back before its messages are
/// handed on. A slow consumer (a client reading the seed GET at 1 KB/s) therefore holds no
/// connection, transaction or snapshot while it reads: SQLite can checkpoint its WAL and
/// PostgreSQL can vacuum behind it. Memory is one chunk at most.
/// </summary>
internal static class MessageChunks
{
    /// <summary>Rows one chunk query asks for.</summary>
    public const int Rows = 256;

    /// <summary>A chunk stops early once its texts hold this many characters (256 KiB in memory).</summary>
    public const int Characters = 128 * 1024;

    /// <param name="lastSeq">Reads the thread's last seq (0 when there is no thread).</param>
    /// <param name="chunk">Reads the next chunk (<see cref="TakeAsync"/>): messages with a seq above the first argument and at most the second, oldest first.</param>
    public static async IAsyncEnumerable<MessageRecord> ReadAsync(
        long afterSeq,
        Func<CancellationToken, Task<long>> lastSeq,
        Func<long, long, CancellationToken, Task<List<MessageRecord>>> chunk,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var end = await lastSeq(ct);
        var from = afterSeq;
        while (from < end)
        {
            var messages = await chunk(from, end, ct);
            if (messages.Count == 0)
            {
                yield break;
            }

            foreach (var message in messages)
            {
                yield return message;
            }

            from = messages[^1].Seq;
        }
    }

    /// <summary>A chunk's messages from its query's rows, oldest first, stopping once the chunk is full.</summary>
    public static async Task<List<MessageRecord>> TakeAsync<TValues>(DbDataReader rows, Guid threadId, CancellationToken ct)
        where TValues : struct, IStoreValues
    {
        var messages = new List<MessageRecord>();
        var characters = 0L;
        while (messages.Count < Rows && characters < Characters && await rows.ReadAsync(ct))
        {
            var message = MessageRow.Read<TValues>(rows, threadId);
            messages.Add(message);
            characters += message.Text.Length;
        }

        return messages;
    }
}
