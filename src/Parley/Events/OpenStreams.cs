using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Parley.Auth;

namespace Parley.Events;

/// <summary>
/// The live streams open on this instance, counted per user across both stream routes. A user
/// may keep <see cref="StreamLimitOptions.StreamsPerUser"/> open (429 beyond), and streams all
/// together may take only their share of Kestrel's connections (503 beyond), so that neither
/// one token nor every user at once can leave the server without a connection for anything
/// else. The service key's streams are never refused, but they do fill the share.
/// </summary>
internal sealed class OpenStreams(IOptions<StreamLimitOptions> options, IOptions<KestrelServerOptions> kestrel, ILogger<OpenStreams> log)
{
    /// <summary>A place frees only when a stream closes, which no clock predicts; a few seconds is a polite wait.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly int _perUserLimit = options.Value.StreamsPerUser;
    private readonly long? _share = StreamLimitOptions.StreamShare(kestrel.Value.Limits.MaxConcurrentConnections);
    private long _open;
    private bool _shareFullReported;

    /// <summary>
    /// Takes a place for one stream of <paramref name="caller"/>, given back as soon as the client
    /// goes away or the response ends, whichever comes first; or the refusal to answer with.
    /// </summary>
    public bool TryOpen(HttpContext http, Caller caller, [NotNullWhen(false)] out ProblemHttpResult? refusal)
    {
        refusal = Take(caller.Username);
        if (refusal is not null)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return false;
        }

        var place = new Place(this, caller.Username);
        http.Response.RegisterForDispose(place);
        http.Response.RegisterForDispose(http.RequestAborted.Register(place.Dispose));
        return true;
    }

    private ProblemHttpResult? Take(string? username)
    {
        switch (TryCount(username))
        {
            case Refusal.None:
                return null;
            case Refusal.UserFull:
                return TypedResults.Problem(statusCode: 429, title: "Too Many Requests",
                    detail: $"A user may keep {_perUserLimit} live streams open at once; close one, or retry after the number of seconds in Retry-After.");
            case Refusal.ShareFullFirst:
                EventsLog.StreamShareFull(log, _share.GetValueOrDefault());
                break;
        }

        return TypedResults.Problem(statusCode: 503, title: "Service Unavailable",
            detail: "Every connection kept for live streams is in use; retry after the number of seconds in Retry-After.");
    }

    private Refusal TryCount(string? username)
    {
        lock (_lock)
        {
            if (username is null)
            {
                _open++;
                return Refusal.None;
            }

            _perUser.TryGetValue(username, out var open);
            if (open >= _perUserLimit)
            {
                return Refusal.UserFull;
            }

            if (_share is { } share && _open >= share)
            {
                // Said once until a stream closes: a flood of refusals is not a flood of log lines.
                var first = !_shareFullReported;
                _shareFullReported = true;
                return first ? Refusal.ShareFullFirst : Refusal.ShareFull;
            }

            _perUser[username] = open + 1;
            _open++;
            return Refusal.None;
        }
    }

    private void Release(string? username)
    {
        lock (_lock)
        {
            _open--;
            _shareFullReported = false;
            if (username is null)
            {
                return;
            }

            var open = _perUser[username] - 1;
            if (open == 0)
            {
                _perUser.Remove(username);
                return;
            }

            _perUser[username] = open;
        }
    }

    private enum Refusal
    {
        None,
        UserFull,
        ShareFull,
        ShareFullFirst,
    }

    /// <summary>One stream's place; disposing it more than once gives it back once.</summary>
    private sealed class Place(OpenStreams streams, string? username) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                streams.Release(username);
            }
        }
    }
}
