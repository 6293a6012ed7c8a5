using Parley.Storage;

namespace Parley.Messages;

/// <param name="Username">Required with the service key: the member who sends.</param>
internal sealed record SendMessageRequest(string? Text, string? Username);

internal sealed record MessageResponse(Guid Id, Guid ThreadId, long Seq, string Username, string Text, DateTimeOffset CreatedAt);

internal sealed record MessagePageResponse(IReadOnlyList<MessageResponse> Messages, bool HasMore);

/// <param name="Username">Required with the service key: whose read position moves.</param>
internal sealed record ReadPositionRequest(long? Seq, string? Username);

internal static class MessageMapping
{
    public static MessageResponse ToResponse(this MessageRecord message) =>
        new(message.Id, message.ThreadId, message.Seq, message.Username, message.Text, message.CreatedAt);
}
