namespace Parley.Storage.Internal;

/// <summary>
/// What an Idempotency-Key recorded inside its window was used for: the thread it created or
/// sent to, and the seq of the message it stored (none for a thread creation).
/// </summary>
internal sealed record SeenKey(bool SameRequest, Guid ThreadId, long? Seq)
{
    /// <summary>Compares the recorded request's fingerprint with the one the key comes with now.</summary>
    public static SeenKey Of(IdempotencyKey key, byte[] recordedFingerprint, Guid threadId, long? seq) =>
        new(recordedFingerprint.AsSpan().SequenceEqual(key.Fingerprint), threadId, seq);

    /// <summary>The same request again is replayed; a different one under the same key is refused.</summary>
    public WriteStatus Status => SameRequest ? WriteStatus.Replayed : WriteStatus.KeyReused;
}
