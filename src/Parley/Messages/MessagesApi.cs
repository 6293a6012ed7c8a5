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
            .ProducesValidationProblem().ProducesProblem(404)
            .LimitExpensiveReads();

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
        if (!ThreadIds.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.SendMessageRequest, ct);
        if (!MessageChecks.TryAcceptSend(body, request, caller, id, out var send, out var problem))
        {
            return await store.RefuseAsync(id, caller, problem, ct);
        }

        var now = time.GetUtcNow();
        var outcome = await store.AppendMessageAsync(new NewMessage(Guid.CreateVersion7(now), id, send.Sender, send.Text, now), send.Key, ct);
        if (outcome is { Status: WriteStatus.Done, Message: { } sent })
        {
            broadcaster.Publish(new Notice(id, sent.Seq));
        }

        return outcome switch
        {
            { Status: WriteStatus.Done or WriteStatus.Replayed, Message: { } message } =>
                TypedResults.Created($"/v1/threads/{id}/messages/{message.Seq}", message.ToResponse()),
            { Status: WriteStatus.KeyReused } => Problems.KeyReused(),
            { Status: WriteStatus.NotMember } when caller.IsService => Problems.Forbidden("The sender is not a member of this thread."),
            _ => Problems.NotFound(),
        };
    }

    private static async Task<Results<Ok<MessagePageResponse>, ProblemHttpResult>> PageAsync(
        string threadId, string? limit,
        [FromQuery(Name = "before_seq")] string? beforeSeq, [FromQuery(Name = "after_seq")] string? afterSeq,
        Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var size = Query.Limit(limit, Limits.DefaultMessagePage, Limits.MaxMessagePage, errors);
        var before = Query.Seq("before_seq", beforeSeq, errors);
        var after = Query.Seq("after_seq", afterSeq, errors);
        if (before is not null && after is not null)
        {
            errors["before_seq"] = ["cannot be combined with after_seq"];
        }

        if (errors.Count > 0)
        {
            return await store.RefuseAsync(id, caller, Problems.Invalid(errors), ct);
        }

        var page = await store.GetMessagesAsync(id, caller.Username, new MessagePageQuery(size, before, after), ct);
        if (page is null)
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(new MessagePageResponse([.. page.Messages.Select(m => m.ToResponse())], page.HasMore));
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetAsync(
        string threadId, string seq, Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id) || !long.TryParse(seq, out var number) || number < 1)
        {
            return Problems.NotFound();
        }

        if (await store.GetMessageAsync(id, number, caller.Username, ct) is not { } message)
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(message.ToResponse());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        string threadId, HttpRequest request, Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.ReadPositionRequest, ct);
        if (!MessageChecks.TryAcceptRead(body, caller, out var read, out var problem))
        {
            return await store.RefuseAsync(id, caller, problem, ct);
        }

        return await store.MarkReadAsync(id, read.Username, read.Seq, ct) switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.NotMember when caller.IsService => Problems.Forbidden("The named user is not a member of this thread."),
            _ => Problems.NotFound(),
        };
    }
}
