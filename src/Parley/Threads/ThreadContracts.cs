using System.Text.Json.Serialization;
using Parley.Messages;
using Parley.Storage;

namespace Parley.Threads;

internal sealed record CreateThreadRequest(IReadOnlyList<string?>? Users, string? Title);

internal sealed record ThreadResponse(
    Guid Id,
    string? Title,
    IReadOnlyList<string> Users,
    DateTimeOffset CreatedAt,
    long LastSeq,
    MessageResponse? LastMessage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnreadCount);

internal sealed record ThreadListResponse(IReadOnlyList<ThreadResponse> Threads, string? NextCursor);

internal static class ThreadMapping
{
    public static ThreadResponse ToResponse(this ThreadRecord thread) => new(
        thread.Id, thread.Title, thread.Users, thread.CreatedAt, thread.LastSeq,
        thread.LastMessage?.ToResponse(), thread.UnreadCount);
}
