using System.Globalization;
using Parley.Events;

namespace Parley.Storage.Postgres.Notifications;

/// <summary>How a <see cref="Notice"/> travels on the PostgreSQL channel: the text <c>threadId:seq</c>.</summary>
internal static class NoticePayload
{
    public const string ChannelName = "parley_events";

    public static string Format(Notice notice) => string.Create(CultureInfo.InvariantCulture, $"{notice.ThreadId}:{notice.Seq}");

    /// <summary>Parses a <c>threadId:seq</c> payload; anything else on the channel is ignored.</summary>
    public static bool TryParse(string payload, out Notice notice)
    {
        notice = default;
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        if (!Guid.TryParse(payload.AsSpan(0, colon), out var threadId))
        {
            return false;
        }

        if (!long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        notice = new Notice(threadId, seq);
        return true;
    }
}
