using Parley.Auth;

namespace Parley.Events;

/// <summary>When a live stream ends.</summary>
internal static class StreamLifetime
{
    // A timer cannot wait longer than about 49 days; a stream that long-lived ends early and its
    // client reconnects, which costs it nothing.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    /// <summary>
    /// A token that fires when the client leaves, when the server begins to stop, or when the
    /// user token the stream was opened with expires: a stream must not outlive its credential.
    /// The client reconnects with a fresh token and resumes where it was.
    /// </summary>
    public static CancellationToken Ends(
        HttpContext http, Caller caller, IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken ct)
    {
        if (caller.ExpiresAt is not { } expiresAt)
        {
            return Register(http, CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping)).Token;
        }

        var expired = Register(http, new CancellationTokenSource(Clamp(expiresAt - time.GetUtcNow()), time));
        return Register(http, CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping, expired.Token)).Token;
    }

    private static TimeSpan Clamp(TimeSpan wait)
    {
        if (wait < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return wait > LongestWait ? LongestWait : wait;
    }

    // Disposed once the response has ended, which also stops a timer that has not fired.
    private static CancellationTokenSource Register(HttpContext http, CancellationTokenSource source)
    {
        http.Response.RegisterForDispose(source);
        return source;
    }
}
