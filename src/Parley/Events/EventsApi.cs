using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Parley.Auth;
using Parley.Errors;
using Parley.Http;
using Parley.Operations;
using Parley.Rules;
using Parley.Storage;

namespace Parley.Events;

internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Live events").RequireParleyPolicies()
            .WithMetadata(QueryToken.Allowed);

        group.MapGet("/threads/{threadId}/events", ThreadAsync)
            .WithName("streamThreadEvents")
            .WithSummary("Stream a thread's messages as Server-Sent Events, resuming after Last-Event-ID or after_seq")
            .WithDescription(OpenApiText.StreamThreadEvents)
            .ProducesEventStream(OpenApiEvents.ThreadStreamEvent, OpenApiEvents.ThreadFraming)
            .WithIntegerParameter("Last-Event-ID", 0, "Resume after this seq: the id of the last event received.")
            .WithIntegerParameter("after_seq", 0, "Start after this seq, when there is no Last-Event-ID.")
            .ProducesValidationProblem().ProducesProblem(404);

        group.MapGet("/events", UserAsync)
            .WithName("streamUserEvents")
            .WithSummary("Stream the caller's messages and new threads across all their threads")
            .WithDescription(OpenApiText.StreamUserEvents)
            .ProducesEventStream(OpenApiEvents.UserStreamEvent, OpenApiEvents.UserFraming)
            .ProducesValidationProblem().ProducesProblem(403);

        return routes;
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> ThreadAsync(
        string threadId, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, [FromQuery(Name = "after_seq")] string? afterSeq,
        Caller caller, IParleyStore store, LiveHub hub, OpenStreams streams, IOptions<EventsOptions> options, HttpContext http,
        IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        // The header wins: a browser reconnecting to a URL that carried after_seq sends it.
        var errors = new Dictionary<string, string[]>();
        var resume = lastEventId is not null ? Query.Seq("Last-Event-ID", lastEventId, errors) : Query.Seq("after_seq", afterSeq, errors);
        if (!streams.TryOpen(http, caller, out var refused))
        {
            return refused;
        }

        // Subscribe before reading where to start, so nothing accepted in between is missed.
        var settings = options.Value;
        var subscriber = new Subscriber(settings.BufferSize, http.Abort, settings.BufferBytes);
        http.Response.RegisterForDispose(hub.SubscribeThread(id, subscriber));
        var thread = await store.GetThreadAsync(id, caller.Username, ct);
        if (thread is null)
        {
            return Problems.NotFound();
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.ServerSentEvents(EventStreams.ThreadAsync(
            store, id, new Replay(resume ?? thread.LastSeq, thread.LastSeq), subscriber, http.Response,
            TimeSpan.FromSeconds(settings.PingSeconds), StreamLifetime.Ends(http, caller, lifetime, time, ct)));
    }

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> UserAsync(
        string? user, Caller caller, LiveHub hub, OpenStreams streams, IOptions<EventsOptions> options, HttpContext http,
        IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken ct)
    {
        if (!caller.TryActAs(user, out var member, out var acting))
        {
            return Problems.Acting(acting, "user");
        }

        if (!streams.TryOpen(http, caller, out var refused))
        {
            return refused;
        }

        var settings = options.Value;
        var subscriber = new Subscriber(settings.BufferSize, http.Abort, settings.BufferBytes);
        http.Response.RegisterForDispose(hub.SubscribeUser(member, subscriber));
        return TypedResults.ServerSentEvents(EventStreams.UserAsync(
            subscriber, http.Response, TimeSpan.FromSeconds(settings.PingSeconds), StreamLifetime.Ends(http, caller, lifetime, time, ct)));
    }
}
