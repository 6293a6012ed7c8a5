// The README's tour through a client Kiota generated from /openapi/v1.json, written the way an
// integrator would: it must compile without a single cast and, run against a live server, get
// the answers the README shows.
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Parley.Client;
using Parley.Client.Models;

var baseUrl = Environment.GetEnvironmentVariable("PARLEY_URL");
var serviceKey = Environment.GetEnvironmentVariable("PARLEY_SERVICE_KEY");
if (baseUrl is null || serviceKey is null)
{
    throw new InvalidOperationException("Set PARLEY_URL and PARLEY_SERVICE_KEY.");
}

var service = ClientFor(serviceKey);
var run = Guid.NewGuid().ToString("N")[..8];
var almaName = $"Alma-{run}";
var bobName = $"bob-{run}";

// Mint user tokens (service key only); expires_in is optional.
var minted = Require(await service.V1.Tokens.PostAsync(new TokenRequest { Username = almaName, ExpiresIn = 3600 }));
Check(string.Equals(minted.Username, almaName.ToLowerInvariant(), StringComparison.Ordinal), "the username comes back in lower case");
Check(minted.ExpiresAt > DateTimeOffset.UtcNow, "expires_at is a time in the future");
var alma = ClientFor(Require(minted.Token));
var bobToken = Require(await service.V1.Tokens.PostAsync(new TokenRequest { Username = bobName }));
var bob = ClientFor(Require(bobToken.Token));

// Alma creates a thread with bob; she is added because she is the caller.
var thread = Require(await alma.V1.Threads.PostAsync(new CreateThreadRequest { Users = [bobName], Title = "Lunch" }));
var threadId = Require(thread.Id?.ToString());
Check(thread.UnreadCount == 0 && thread.Users?.Count == 2, "the caller is a member with nothing unread");
var untitled = Require(await alma.V1.Threads.PostAsync(new CreateThreadRequest { Users = [bobName] }));
Check(untitled.Title is null, "a thread needs no title");

// Send with an Idempotency-Key: a repeat returns the same message, another text is 422.
var key = $"lunch-{Guid.NewGuid()}";
var first = Require(await alma.V1.Threads[threadId].Messages.PostAsync(
    new SendMessageRequest { Text = "Noon at the usual place?" }, c => c.Headers.Add("Idempotency-Key", key)));
var repeat = Require(await alma.V1.Threads[threadId].Messages.PostAsync(
    new SendMessageRequest { Text = "Noon at the usual place?" }, c => c.Headers.Add("Idempotency-Key", key)));
Check(repeat.Id == first.Id, "a repeated send returns the original message");
try
{
    await alma.V1.Threads[threadId].Messages.PostAsync(
        new SendMessageRequest { Text = "Something else" }, c => c.Headers.Add("Idempotency-Key", key));
    Check(false, "a reused key with another text is refused");
}
catch (Problem problem) when (problem.ResponseStatusCode == 422)
{
    Check(problem.TraceId is not null, "the problem carries a trace_id");
}

foreach (var text in new[] { "Yes", "Make it 12:15", "👍🏽" })
{
    await bob.V1.Threads[threadId].Messages.PostAsync(new SendMessageRequest { Text = text });
}

// Page through the history: the newest first, then back with before_seq and forward with after_seq.
var latest = Require(await alma.V1.Threads[threadId].Messages.GetAsync(c => c.QueryParameters.Limit = 2));
var messages = Require(latest.Messages);
Check(latest.HasMore == true && messages.Count == 2, "the newest page says there is more");
var older = Require(await alma.V1.Threads[threadId].Messages.GetAsync(c =>
{
    c.QueryParameters.Limit = 2;
    c.QueryParameters.BeforeSeq = messages[0].Seq;
}));
Check(older.Messages?.Select(m => m.Seq).SequenceEqual(new long?[] { 1, 2 }) == true, "before_seq pages back");
var newest = messages[^1];
long? next = newest.Seq + 1;
var forward = Require(await alma.V1.Threads[threadId].Messages.GetAsync(c => c.QueryParameters.AfterSeq = newest.Seq));
Check(forward.Messages?.Count == 0 && next == 5, "nothing after the newest message");
var single = Require(await alma.V1.Threads[threadId].Messages[2].GetAsync());
Check(single.Text == "Yes", "one message by its seq");

// Mark seq 3 as read: one unread message (bob's last) is left.
await alma.V1.Threads[threadId].Read.PutAsync(new ReadPositionRequest { Seq = 3 });
var list = Require(await alma.V1.Threads.GetAsync());
var lunch = list.Threads?.Single(t => t.Id == thread.Id);
Check(lunch?.UnreadCount == 1 && lunch.LastSeq == 4, "one unread message after marking seq 3 read");
var bobs = Require(await service.V1.Threads.GetAsync(c => c.QueryParameters.User = bobName));
Check(bobs.Threads?.Single(t => t.Id == thread.Id).UnreadCount == 0, "the service key lists bob's threads");

Console.WriteLine($"C# client: the README tour passed against {baseUrl}.");

static ParleyClient ClientFor(string credential)
{
    var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticToken(credential)))
    {
        BaseUrl = Environment.GetEnvironmentVariable("PARLEY_URL"),
    };
    return new ParleyClient(adapter);
}

static T Require<T>(T? value)
    where T : class => value ?? throw new InvalidOperationException($"Expected a {typeof(T).Name}, got nothing.");

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"Failed: {what}.");
    }
}

/// <summary>A credential that never changes: the service key, or a minted user token.</summary>
internal sealed class StaticToken(string credential) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(
        Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(credential);
}
