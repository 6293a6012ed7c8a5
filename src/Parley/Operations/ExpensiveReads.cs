using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Parley.Auth;

namespace Parley.Operations;

/// <summary>
/// What one user's expensive reads may take. Such a read costs more the more it returns and
/// the more slowly its client takes it: a whole thread can cost a second of CPU, and a page of
/// large messages stays in memory until its last byte is sent. The token bucket counts
/// requests, not their cost, so these reads also need a place, held from admission to the end
/// of the response (a user with every place taken gets <c>429</c> at once, before the handler
/// runs), and their bytes are paid from a bucket per user that refills at a fixed rate. The
/// service key is not limited here: it is the operator's own backend.
/// </summary>
internal sealed class ExpensiveReads : IDisposable
{
    // Partitions with nothing in flight and a full bucket are dropped by the limiters
    // themselves, so what is kept follows the users reading now, not every user ever seen.
    private readonly PartitionedRateLimiter<string> _places;
    private readonly PartitionedRateLimiter<string>? _kilobytes;
    private readonly int _burstKilobytes;

    public ExpensiveReads(IOptions<ExpensiveReadOptions> options)
    {
        var settings = options.Value;
        var places = settings.ExpensiveReadsPerPrincipal;
        _places = PartitionedRateLimiter.Create<string, string>(principal => RateLimitPartition.GetConcurrencyLimiter(
            principal, _ => new ConcurrencyLimiterOptions { PermitLimit = places, QueueLimit = 0 }));

        var rate = settings.ExpensiveReadKilobytesPerSecond;
        if (rate == 0)
        {
            return;
        }

        // Refilled ten times a second, so a paced response flows rather than stops and starts;
        // rates too small to split into tenths are refilled once a second.
        var tenths = rate >= 10;
        _burstKilobytes = 2 * rate;
        _kilobytes = PartitionedRateLimiter.Create<string, string>(principal => RateLimitPartition.GetTokenBucketLimiter(
            principal, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = _burstKilobytes,
                TokensPerPeriod = tenths ? rate / 10 : rate,
                ReplenishmentPeriod = tenths ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1),
                // Each read in flight waits for at most one payment, so the places bound the queue.
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    /// <summary>A place for one read of <paramref name="caller"/>; dispose it when the response has ended.</summary>
    public RateLimitLease TryEnter(Caller caller) => _places.AttemptAcquire(caller.Principal);

    /// <summary>Makes the response of <paramref name="http"/> pay for its bytes from <paramref name="caller"/>'s bucket.</summary>
    public void Pace(HttpContext http, Caller caller)
    {
        if (_kilobytes is null || http.Features.Get<IHttpResponseBodyFeature>() is not { } body)
        {
            return;
        }

        http.Features.Set<IHttpResponseBodyFeature>(new PacedResponseBody(body, _kilobytes, caller.Principal, _burstKilobytes));
    }

    public void Dispose()
    {
        _places.Dispose();
        _kilobytes?.Dispose();
    }
}

internal static class ExpensiveReadGate
{
    private const string Detail = "Too many large reads in flight for this user; retry in 1 s, once one of them has ended.";

    /// <summary>Marks a route as an expensive read: admitted while its user has a place left, and paced.</summary>
    public static RouteHandlerBuilder LimitExpensiveReads(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Caller.From(http.User) is not { IsService: false } caller)
            {
                return await next(context);
            }

            var reads = http.RequestServices.GetRequiredService<ExpensiveReads>();
            var place = reads.TryEnter(caller);
            if (!place.IsAcquired)
            {
                place.Dispose();
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: Detail);
            }

            // Held until the response has been sent: a streamed result is written after this
            // filter returns, and a slow client is exactly what the place must account for.
            http.Response.RegisterForDispose(place);
            reads.Pace(http, caller);
            return await next(context);
        });
}
