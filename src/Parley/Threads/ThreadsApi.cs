using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Errors;
using Parley.Events;
using Parley.Http;
using Parley.Idempotency;
using Parley.Operations;
using Parley.Rules;
using Parley.Storage;

namespace Parley.Threads;

internal static class ThreadsApi
{
    public static RouteGroupBuilder MapThreads(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/threads").WithTags("Threads").RequireParleyPolicies();

        group.MapPost("", CreateAsync)
            .Accepts<CreateThreadRequest>("application/json")
            .WithName("createThread")
            .WithSummary("Create a thread")
            .WithDescription(OpenApiText.CreateThread)
            .ProducesBodyProblems().AcceptsIdempotencyKey().ProducesLocation("/v1/threads/{id}");

        group.MapGet("/{threadId}", GetAsync)
            .WithName("getThread")
            .WithSummary("Get a thread")
            .WithDescription(OpenApiText.GetThread)
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);

        group.MapGet("", ListAsync)
            .WithName("listThreads")
            .WithSummary("List a user's threads, most recently active first")
            .WithDescription(OpenApiText.ListThreads)
            .WithIntegerParameter("limit", 1, "Threads per page.", Limits.MaxThreadPage, Limits.DefaultThreadPage)
            .ProducesValidationProblem().ProducesProblem(403);

        return group;
    }

    private static async Task<Results<Created<ThreadResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, Caller caller, IParleyStore store, IBroadcaster broadcaster, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.CreateThreadRequest, ct);
        if (!body.TryGetValue(out var asked, out var problem))
        {
            return problem;
        }

        if (!NewThreads.TryBuild(asked.Users, asked.Title, caller, time, out var thread, out problem))
        {
            return problem;
        }

        if (!IdempotencyKeys.TryRead(request, caller, ["POST /v1/threads", thread.Title, .. thread.Users], out var key, out problem))
        {
            return problem;
        }

        var outcome = await store.CreateThreadAsync(thread, key, ct);
        if (outcome.Status == WriteStatus.Done)
        {
            broadcaster.Publish(new Notice(thread.Id, 0));
            var unread = caller.IsService ? (int?)null : 0;
            return Created(new ThreadRecord(thread.Id, thread.Title, thread.Users, thread.CreatedAt, 0, null, unread));
        }

        if (outcome.Status == WriteStatus.Replayed && await store.GetThreadAsync(outcome.ThreadId, caller.Username, ct) is { } original)
        {
            return Created(original);
        }

        return Problems.KeyReused();
    }

    private static Created<ThreadResponse> Created(ThreadRecord thread) =>
        TypedResults.Created($"/v1/threads/{thread.Id}", thread.ToResponse());

    private static async Task<Results<Ok<ThreadResponse>, ProblemHttpResult>> GetAsync(
        string threadId, string? user, Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        // The service key reads unread counts for the user it names, if it names one.
        var member = caller.Username;
        if (user is not null && !caller.TryActAs(user, out member, out var acting))
        {
            return await store.RefuseAsync(id, caller, Problems.Acting(acting, "user"), ct);
        }

        if (await store.GetThreadAsync(id, member, ct) is { } thread)
        {
            return TypedResults.Ok(thread.ToResponse());
        }

        if (caller.IsService && member is not null && await store.ThreadExistsAsync(id, ct))
        {
            return Problems.Forbidden("The named user is not a member of this thread.");
        }

        return Problems.NotFound();
    }

    private static async Task<Results<Ok<ThreadListResponse>, ProblemHttpResult>> ListAsync(
        string? user, string? limit, string? cursor, Caller caller, IParleyStore store, InboxCursors cursors, CancellationToken ct)
    {
        if (!caller.TryActAs(user, out var member, out var acting))
        {
            return Problems.Acting(acting, "user");
        }

        var errors = new Dictionary<string, string[]>();
        var size = Query.Limit(limit, Limits.DefaultThreadPage, Limits.MaxThreadPage, errors);
        var after = cursors.Read(cursor, member, errors);

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var page = await store.ListThreadsAsync(member, after, size, ct);
        return TypedResults.Ok(new ThreadListResponse(
            [.. page.Threads.Select(t => t.ToResponse())],
            page.Next is { } next ? cursors.Encode(next, member) : null));
    }
}
