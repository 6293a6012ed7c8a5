using Parley.Rules;

namespace Parley.Operations;

/// <summary>
/// The operations' descriptions in the OpenAPI document: API.md's rules for each route, with
/// every limit read from <see cref="Limits"/> so the document cannot disagree with validation.
/// </summary>
internal static class OpenApiText
{
    private static readonly string Window = $"{Limits.IdempotencyWindow.TotalHours:0} hours";

    private static readonly string UserRule =
        $"Usernames are 1–{Limits.UsernameCharacters} characters of A-Z a-z 0-9 _ . - @, case-insensitive, returned in lower case.";

    public static readonly string CreateToken =
        "Mints a user token: a JWT whose `sub` is the username, refused from the second after `expires_at`. Service key only "
        + $"(a user token gets 403). `expires_in` is optional, in seconds: default {Limits.DefaultTokenLifetimeSeconds}, "
        + $"from 1 to {Limits.MaxTokenLifetimeSeconds}. " + UserRule;

    public static readonly string CreateDevToken =
        $"Mints a user token valid for {Limits.DefaultTokenLifetimeSeconds} seconds with no credential. This route exists only "
        + "while `Parley:Auth:AllowDevTokens` is true (the Development environment); otherwise it is 404. "
        + "Rate-limited per client address. " + UserRule;

    public static readonly string CreateThread =
        $"Creates a thread of {Limits.MinUsersPerThread}–{Limits.UsersPerThread} distinct users. Duplicates (after lower-casing) "
        + "collapse, first appearance wins, and a user-token caller is always a member (added last when missing; the limit "
        + "counts them). " + UserRule + " `title` is optional. Answers 201 with the Thread and its path in Location. "
        + $"With an Idempotency-Key, a repeat within {Window} returns the thread first created.";

    public static readonly string GetThread =
        "A thread the caller can see. A thread that does not exist and one the caller may not see both answer 404. "
        + "`unread_count` is the calling user's; the service key gets it for `user` when it names one (403 if that user is "
        + "not a member), and not at all otherwise.";

    public static readonly string ListThreads =
        "The caller's threads, most recently active first (active: its newest message, or its creation if none). The service "
        + $"key must name the user with `user`. `limit` 1–{Limits.MaxThreadPage}, default {Limits.DefaultThreadPage}; pass "
        + "`next_cursor` as `cursor` for the next page (null on the last one).";

    public static readonly string SendMessage =
        "Sends a message as the caller; the service key must name the sending member in `username` (403 if not a member). "
        + "Text: " + OpenApiFieldRules.MessageTextRule + " Messages are numbered by `seq`: 1, 2, 3 … per thread, in the "
        + "order the server accepted them, with no gaps and no repeats. Sending moves the sender's read position to the new "
        + $"message. Answers 201 with the Message and its path in Location. With an Idempotency-Key, a repeat within {Window} "
        + "returns the original message and stores nothing new.";

    public static readonly string ListMessages =
        "A page of messages, oldest first within the page. Without a cursor: the newest `limit` messages. "
        + "`before_seq=N`: the newest `limit` with seq < N. `after_seq=N`: the oldest `limit` with seq > N. Both at once is 400. "
        + $"`limit` 1–{Limits.MaxMessagePage}, default {Limits.DefaultMessagePage}. `has_more` says whether more messages exist "
        + "in the direction of travel: older ones without a cursor or with before_seq, newer ones with after_seq.";

    public static readonly string GetMessage = "One message of the thread by its seq; 404 for a seq the thread does not have.";

    public static readonly string MarkRead =
        "Moves the read position of the caller (with the service key: of the member named in `username`) to `seq`. "
        + "It never moves backwards, and a seq beyond the thread's `last_seq` is clamped to it. `unread_count` counts the "
        + "messages above the read position that other users sent.";

    public static readonly string StreamThreadEvents =
        "The thread's messages as Server-Sent Events. Without a cursor the stream carries the messages sent after it opened. "
        + "Reconnecting with `Last-Event-ID: N` (or `?after_seq=N`; the header wins) first replays every message with seq above "
        + "N, in order, then live ones: no gap, no duplicate. A client that falls too far behind is disconnected and resumes "
        + "the same way. Authenticate with the header, or with `?access_token=` where headers cannot be set (EventSource).";

    public static readonly string StreamUserEvents =
        "The caller's live stream across all their threads: each new message in any of them, and each thread they are added "
        + "to. Live only: after reconnecting, a client re-syncs with GET /v1/threads. The service key must name the user with "
        + "`user`. Authenticate with the header, or with `?access_token=` where headers cannot be set (EventSource).";

    public static readonly string SeedCreateThread =
        "The original service's create, kept for its clients: `{\"users\": [...]}` answers 201 `{\"thread_id\": …}` with no "
        + $"Location. The user rules of POST /v1/threads apply ({Limits.MinUsersPerThread}–{Limits.UsersPerThread} users); "
        + "there is no title and no Idempotency-Key. The thread is the same one the v1 API sees.";

    public static readonly string SeedPostMessage =
        "Posts `message` as `{username}`, who must be a member of the thread; a user token may post only as its own "
        + "username. Any other name, including one that is not a valid username, is 403. The text rules of "
        + "POST /v1/threads/{threadId}/messages apply. Answers 204 with no body; the message shares the thread's seq sequence.";

    public static readonly string SeedReadThread =
        "Every message of the thread, oldest first, as `{username, message}`. The response is streamed, so memory stays "
        + "flat however long the thread is.";
}
