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
        if (body.Problem is ProblemHttpResult bad)
        {
            return bad;
        }

        var (thread, invalid) = NewThreads.Build(body.Value!.Users, body.Value.Title, caller, time);
        if (invalid is not null)
        {
            return invalid;
        }

        var (key, badKey) = IdempotencyKeys.Read(request, caller, ["POST /v1/threads", thread!.Title, .. thread.Users]);
        if (badKey is not null)
        {
            return badKey;
        }

        var outcome = await store.CreateThreadAsync(thread, key, ct);
        if (outcome.Status == WriteStatus.Done)
        {
            broadcaster.Publish(new Notice(thread.Id, 0));
        }

        var created = outcome.Status switch
        {
            WriteStatus.Done => new ThreadRecord(thread.Id, thread.Title, thread.Users, thread.CreatedAt, 0, null,
                caller.IsService ? null : 0),
            WriteStatus.Replayed => await store.GetThreadAsync(outcome.ThreadId, caller.Username, ct),
            _ => null,
        };
        return created is null ? Problems.KeyReused() : TypedResults.Created($"/v1/threads/{created.Id}", created.ToResponse());
    }

    private static async Task<Results<Ok<ThreadResponse>, ProblemHttpResult>> GetAsync(
        string threadId, string? user, Caller caller, IParleyStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        // The service key reads unread counts for the user it names, if it names one.
        var acting = caller.IsService && user is null ? default : caller.ActAs(user);
        if (acting.Problem != ActingProblem.None)
        {
            return await store.CanSeeAsync(id, caller, ct) ? Problems.Acting(acting.Problem, "user") : Problems.NotFound();
        }

        if (await store.GetThreadAsync(id, acting.Username, ct) is { } thread)
        {
            return TypedResults.Ok(thread.ToResponse());
        }

        return caller.IsService && acting.Username is not null && await store.ThreadExistsAsync(id, ct)
            ? Problems.Forbidden("The named user is not a member of this thread.")
            : Problems.NotFound();
    }

    private static async Task<Results<Ok<ThreadListResponse>, ProblemHttpResult>> ListAsync(
        string? user, string? limit, string? cursor, Caller caller, IParleyStore store, CancellationToken ct)
    {
        var acting = caller.ActAs(user);
        if (acting.Problem != ActingProblem.None)
        {
            return Problems.Acting(acting.Problem, "user");
        }

        var errors = new Dictionary<string, string[]>();
        var size = Query.Limit(limit, Limits.DefaultThreadPage, Limits.MaxThreadPage, errors);
        InboxCursor? after = null;
        if (cursor is not null)
        {
            if (InboxCursors.TryDecode(cursor, out var decoded))
            {
                after = decoded;
            }
            else
            {
                errors["cursor"] = ["is not a cursor this server issued"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var page = await store.ListThreadsAsync(acting.Username!, after, size, ct);
        return TypedResults.Ok(new ThreadListResponse(
            [.. page.Threads.Select(t => t.ToResponse())],
            page.Next is { } next ? InboxCursors.Encode(next) : null));
    }
}
