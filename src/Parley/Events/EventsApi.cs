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
            .ProducesValidationProblem().ProducesProblem(403).ReadsNoDatabase();

        return routes;
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> ThreadAsync(
        string threadId, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, [FromQuery(Name = "after_seq")] string? afterSeq,
        Caller caller, IParleyStore store, LiveHub hub, IOptions<EventsOptions> options, HttpContext http,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (!ThreadIds.TryParse(threadId, out var id))
        {
            return Problems.NotFound();
        }

        // The header wins: a browser reconnecting to a URL that carried after_seq sends it.
        var errors = new Dictionary<string, string[]>();
        var resume = lastEventId is not null ? Query.Seq("Last-Event-ID", lastEventId, errors) : Query.Seq("after_seq", afterSeq, errors);
        var settings = options.Value;
        var subscriber = new Subscriber(settings.BufferSize, http.Abort);

        // Subscribe before reading where to start, so nothing accepted in between is missed.
        var subscription = hub.SubscribeThread(id, subscriber);
        var thread = await store.GetThreadAsync(id, caller.Username, ct);
        if (thread is null)
        {
            subscription.Dispose();
            return Problems.NotFound();
        }

        if (errors.Count > 0)
        {
            subscription.Dispose();
            return Problems.Invalid(errors);
        }

        http.Response.RegisterForDispose(subscription);
        return TypedResults.ServerSentEvents(EventStreams.ThreadAsync(
            store, id, resume ?? thread.LastSeq, subscriber, http.Response, TimeSpan.FromSeconds(settings.PingSeconds),
            StreamEnds(http, lifetime, ct)));
    }

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> UserAsync(
        string? user, Caller caller, LiveHub hub, IOptions<EventsOptions> options, HttpContext http,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (!caller.TryActAs(user, out var member, out var acting))
        {
            return Problems.Acting(acting, "user");
        }

        var settings = options.Value;
        var subscriber = new Subscriber(settings.BufferSize, http.Abort);
        http.Response.RegisterForDispose(hub.SubscribeUser(member, subscriber));
        return TypedResults.ServerSentEvents(EventStreams.UserAsync(
            subscriber, http.Response, TimeSpan.FromSeconds(settings.PingSeconds), StreamEnds(http, lifetime, ct)));
    }

    /// <summary>A stream ends when its client leaves or when the server begins to stop.</summary>
    private static CancellationToken StreamEnds(HttpContext http, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var ends = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        http.Response.RegisterForDispose(ends);
        return ends.Token;
    }
}
