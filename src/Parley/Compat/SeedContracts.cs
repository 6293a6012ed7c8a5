namespace Parley.Compat;

internal sealed record SeedCreateThreadRequest(IReadOnlyList<string?>? Users);

internal sealed record SeedThreadCreated(Guid ThreadId);

internal sealed record SeedPostRequest(string? Message);
