namespace Parley.Storage;

/// <summary>
/// The database cannot serve now: it is down, unreachable, locked by another process, out of
/// disk or memory, or its file cannot be opened. Nothing was written (or, when a commit was
/// under way, whether it happened is unknown, which an Idempotency-Key makes safe to retry).
/// </summary>
/// <remarks>
/// One of the two exceptions a store may throw on purpose, with <see cref="StoreOverloadedException"/>;
/// the API answers both with 503 and Retry-After. Each store decides which of its driver's
/// errors mean this (<c>SqliteFailures</c>, <c>PostgresFailures</c>) and throws it from reads
/// and writes alike. Every other exception from a store is a bug, left as it is: a 500,
/// logged once where it is answered.
/// </remarks>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
