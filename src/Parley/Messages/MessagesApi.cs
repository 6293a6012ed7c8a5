using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parley.Auth;
using Parley.Errors;
using Parley.Events;
using Parley.Http;
using Parley.Idempotency;
using Parley.Operations;
using Parley.Rules;
using Parley.Storage;
using Parley.Threads;

namespace Parley.Messages;

internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/threads/{threadId}").WithTags("Messages").RequireParleyPolicies();

        group.MapPost("/messages", SendAsync)
            .Accepts<SendMessageRequest>("application/json")
            .WithName("sendMessage")
            .WithSummary("Send a message")
            .WithDescription(OpenApiText.SendMessage)
            .ProducesBodyProblems().ProducesProblem(403).ProducesProblem(404)
            .AcceptsIdempotencyKey().ProducesLocation("/v1/threads/{threadId}/messages/{seq}");

        group.MapGet("/messages", PageAsync)
            .WithName("listMessages")
            .WithSummary("Page through a thread's messages")
            .WithDescription(OpenApiText.ListMessages)
            .WithIntegerParameter("limit", 1, "Messages per page.", Limits.MaxMessagePage, Limits.DefaultMessagePage)
            .WithIntegerParameter("before_seq", 0, "Page backwards: the newest messages with seq below this.")
            .WithIntegerParameter("after_seq", 0, "Page forwards: the oldest messages with seq above this.")
            .ProducesValidationProblem().ProducesProblem(404);

        group.MapGet("/messages/{seq}", GetAsync)
            .WithName("getMessage")
            .WithSummary("Get one message by its seq")
            .WithDescription(OpenApiText.GetMessage)
            .WithIntegerParameter("seq", 1, "The message's seq in its thread.")
            .ProducesProblem(404);

        group.MapPut("/read", MarkReadAsync)
            .Accepts<ReadPositionRequest>("application/json")
            .WithName("markRead")
            .WithSummary("Move the caller's read position forward")
            .WithDescription(OpenApiText.MarkRead)
            .ProducesBodyProblems().ProducesProblem(403).ProducesProblem(404);

        return group;
    }

    private static async Task<Results<Created<MessageResponse>, ProblemHttpResult>> SendAsync(
        string threadId, HttpRequest request, Caller caller, IParleyStore store, IBroadcaster broadcaster, TimeProvider time,
        CancellationToken ct)
    {
        if (!Guid.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.SendMessageRequest, ct);
        var acting = body.Value is { } b ? caller.ActAs(b.Username) : default;
        var problem = body.Problem as ProblemHttpResult
            ?? (acting.Problem != ActingProblem.None ? Problems.Acting(acting.Problem, "username") : null)
            ?? (body.Value!.Text is not { } text ? Problems.Invalid("text", "is required")
                : Rules.Text.CheckMessage(text) is { } why ? Problems.Invalid("text", why) : null);
        var (key, badKey) = problem is null
            ? IdempotencyKeys.Read(request, caller, ["POST messages", id.ToString(), acting.Username, body.Value!.Text])
            : default;
        if ((problem ?? badKey) is { } failure)
        {
            // Visibility comes before anything else about the request.
            return await store.CanSeeAsync(id, caller, ct) ? failure : Problems.NotFound();
        }

        var now = time.GetUtcNow();
        var message = new NewMessage(Guid.CreateVersion7(now), id, acting.Username!, body.Value!.Text!, now);
        var outcome = await store.AppendMessageAsync(message, key, ct);
        if (outcome.Status == WriteStatus.Done)
        {
            broadcaster.Publish(new Notice(id, outcome.Message!.Seq));
        }

        return outcome.Status switch
        {
            WriteStatus.Done or WriteStatus.Replayed => TypedResults.Created(
                $"/v1/threads/{id}/messages/{outcome.Message!.Seq}", outcome.Message.ToResponse()),
            WriteStatus.KeyReused => Problems.KeyReused(),
            WriteStatus.NotMember when caller.IsService => Problems.Forbidden("The sender is not a member of this thread."),
            _ => Problems.NotFound(),
        };
    }

    private static async Task<Results<Ok<MessagePageResponse>, ProblemHttpResult>> PageAsync(
        string threadId, string? limit,
        [FromQuery(Name = "before_seq")] string? beforeSeq, [FromQuery(Name = "after_seq")] string? afterSeq,
        Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var query = new MessagePageQuery(
            Query.Limit(limit, Limits.DefaultMessagePage, Limits.MaxMessagePage, errors), Query.Seq("before_seq", beforeSeq, errors), Query.Seq("after_seq", afterSeq, errors));
        if (query is { BeforeSeq: not null, AfterSeq: not null })
        {
            errors["before_seq"] = ["cannot be combined with after_seq"];
        }

        if (errors.Count > 0)
        {
            return await store.CanSeeAsync(id, caller, ct) ? Problems.Invalid(errors) : Problems.NotFound();
        }

        var page = await store.GetMessagesAsync(id, caller.Username, query, ct);
        return page is null
            ? Problems.NotFound()
            : TypedResults.Ok(new MessagePageResponse([.. page.Messages.Select(m => m.ToResponse())], page.HasMore));
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetAsync(
        string threadId, string seq, Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(threadId, out var id) || !long.TryParse(seq, out var number) || number < 1)
        {
            return Problems.NotFound();
        }

        return await store.GetMessageAsync(id, number, caller.Username, ct) is { } message
            ? TypedResults.Ok(message.ToResponse())
            : Problems.NotFound();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        string threadId, HttpRequest request, Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.ReadPositionRequest, ct);
        var acting = body.Value is { } b ? caller.ActAs(b.Username) : default;
        var problem = body.Problem as ProblemHttpResult
            ?? (acting.Problem != ActingProblem.None ? Problems.Acting(acting.Problem, "username") : null)
            ?? (body.Value!.Seq is not >= 0 ? Problems.Invalid("seq", "is required: a whole number, 0 or more") : null);
        if (problem is not null)
        {
            return await store.CanSeeAsync(id, caller, ct) ? problem : Problems.NotFound();
        }

        return await store.MarkReadAsync(id, acting.Username!, body.Value!.Seq!.Value, ct) switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.NotMember when caller.IsService => Problems.Forbidden("The named user is not a member of this thread."),
            _ => Problems.NotFound(),
        };
    }
}
