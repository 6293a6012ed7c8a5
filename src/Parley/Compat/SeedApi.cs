using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Errors;
using Parley.Events;
using Parley.Http;
using Parley.Messages;
using Parley.Operations;
using Parley.Rules;
using Parley.Storage;
using Parley.Threads;

namespace Parley.Compat;

/// <summary>
/// The three routes of the original service, with their request and response shapes kept,
/// over the same threads and seq sequence as the v1 API.
/// </summary>
internal static class SeedApi
{
    public static RouteGroupBuilder MapSeedRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/thread").WithTags("Seed-compatible").RequireParleyPolicies();

        group.MapPost("", CreateAsync)
            .Accepts<SeedCreateThreadRequest>("application/json")
            .WithName("seedCreateThread")
            .WithSummary("Create a thread (seed-compatible)")
            .WithDescription(OpenApiText.SeedCreateThread)
            .ProducesBodyProblems();

        group.MapPost("/{threadId}/{username}", PostAsync)
            .Accepts<SeedPostRequest>("application/json")
            .WithName("seedPostMessage")
            .WithSummary("Post a message as a member (seed-compatible)")
            .WithDescription(OpenApiText.SeedPostMessage)
            .ProducesBodyProblems().ProducesProblem(403).ProducesProblem(404);

        group.MapGet("/{threadId}", ReadAsync)
            .WithName("seedReadThread")
            .WithSummary("Read every message of a thread, oldest first (seed-compatible, streamed)")
            .WithDescription(OpenApiText.SeedReadThread)
            .ProducesProblem(404)
            .LimitExpensiveReads();

        return group;
    }

    private static async Task<Results<Created<SeedThreadCreated>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, Caller caller, IParleyStore store, IBroadcaster broadcaster, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.SeedCreateThreadRequest, ct);
        if (!body.TryGetValue(out var asked, out var problem))
        {
            return problem;
        }

        if (!NewThreads.TryBuild(asked.Users, title: null, caller, time, out var thread, out problem))
        {
            return problem;
        }

        await store.CreateThreadAsync(thread, key: null, ct);
        broadcaster.Publish(new Notice(thread.Id, 0));
        return TypedResults.Created((string?)null, new SeedThreadCreated(thread.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PostAsync(
        string threadId, string username, HttpRequest request, Caller caller, IParleyStore store, IBroadcaster broadcaster,
        TimeProvider time, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id) || !await store.CanSeeAsync(id, caller, ct))
        {
            return Problems.NotFound();
        }

        // A name that is not even a username cannot be a member: the seed answered 403 for both.
        if (!caller.TryActAs(username, out var sender, out _))
        {
            return Problems.Forbidden("Messages may be posted only as a member of the thread, and a user token only as its own user.");
        }

        var body = await JsonBody.ReadAsync(request, ParleyJsonContext.Default.SeedPostRequest, ct);
        if (!body.TryGetValue(out var asked, out var problem))
        {
            return problem;
        }

        if (!MessageChecks.TryReadText(asked.Message, "message", out var text, out problem))
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var outcome = await store.AppendMessageAsync(new NewMessage(Guid.CreateVersion7(now), id, sender, text, now), key: null, ct);
        if (outcome is { Status: WriteStatus.Done, Message: { } sent })
        {
            broadcaster.Publish(new Notice(id, sent.Seq));
        }

        return outcome.Status switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.NotMember => Problems.Forbidden($"'{sender}' is not a member of this thread."),
            _ => Problems.NotFound(),
        };
    }

    private static async Task<Results<SeedMessagesResult, ProblemHttpResult>> ReadAsync(
        string threadId, Caller caller, IParleyStore store, SeedBodyCache cache, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id) || !await store.CanSeeAsync(id, caller, ct))
        {
            return Problems.NotFound();
        }

        return new SeedMessagesResult(id, store, cache);
    }
}
