namespace Parley.Storage;

/// <summary>The store's bounded write queue is full: the request is refused, nothing written.</summary>
internal sealed class StoreOverloadedException() : Exception("The write queue is full.");

/// <summary>The database cannot be reached or cannot write now; nothing was written.</summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
