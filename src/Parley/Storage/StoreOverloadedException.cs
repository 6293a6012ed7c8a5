namespace Parley.Storage;

/// <summary>
/// The store's bounded write queue is full: the write is refused before it starts and nothing
/// is written. The API answers 503 with Retry-After, as for <see cref="StoreUnavailableException"/>,
/// and does not log each refusal.
/// </summary>
internal sealed class StoreOverloadedException() : Exception("The write queue is full.");
