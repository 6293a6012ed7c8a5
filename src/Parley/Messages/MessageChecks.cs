using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Errors;
using Parley.Http;
using Parley.Idempotency;
using Parley.Storage;

namespace Parley.Messages;

/// <summary>A send that passed every check: who sends, what, and the request's Idempotency-Key.</summary>
internal sealed record AcceptedSend(string Sender, string Text, IdempotencyKey? Key);

/// <summary>A read-position move that passed every check.</summary>
internal sealed record AcceptedRead(string Username, long Seq);

/// <summary>
/// The request checks of the message routes, one per statement, in the order the contract
/// answers them; the first that fails decides the problem.
/// </summary>
internal static class MessageChecks
{
    public static bool TryAcceptSend(
        BodyResult<SendMessageRequest> body, HttpRequest request, Caller caller, Guid threadId,
        [NotNullWhen(true)] out AcceptedSend? send, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        send = null;
        if (!body.TryGetValue(out var asked, out problem))
        {
            return false;
        }

        if (!caller.TryActAs(asked.Username, out var sender, out var acting))
        {
            problem = Problems.Acting(acting, "username");
            return false;
        }

        if (!TryReadText(asked.Text, "text", out var text, out problem))
        {
            return false;
        }

        if (!IdempotencyKeys.TryRead(request, caller, ["POST messages", threadId.ToString(), sender, text], out var key, out problem))
        {
            return false;
        }

        send = new AcceptedSend(sender, text, key);
        return true;
    }

    public static bool TryAcceptRead(
        BodyResult<ReadPositionRequest> body, Caller caller,
        [NotNullWhen(true)] out AcceptedRead? read, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        read = null;
        if (!body.TryGetValue(out var asked, out problem))
        {
            return false;
        }

        if (!caller.TryActAs(asked.Username, out var username, out var acting))
        {
            problem = Problems.Acting(acting, "username");
            return false;
        }

        if (asked.Seq is not { } seq || seq < 0)
        {
            problem = Problems.Invalid("seq", "is required: a whole number, 0 or more");
            return false;
        }

        read = new AcceptedRead(username, seq);
        return true;
    }

    /// <summary>A message's text, required and within the rules of <see cref="Rules.Text.CheckMessage"/>.</summary>
    public static bool TryReadText(
        string? text, string field, [NotNullWhen(true)] out string? valid, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        valid = null;
        problem = null;
        if (text is null)
        {
            problem = Problems.Invalid(field, "is required");
            return false;
        }

        if (Rules.Text.CheckMessage(text) is { } why)
        {
            problem = Problems.Invalid(field, why);
            return false;
        }

        valid = text;
        return true;
    }
}
