using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Auth;

namespace Parley.Operations;

/// <summary>
/// A token bucket per principal (per user for user tokens; per address for anonymous routes).
/// The service key is exempt unless configured otherwise. Rejection happens before the
/// handler runs, so a refused request changes nothing. The bucket counts requests, not what
/// they cost; the reads that can cost far more than others are limited by <see cref="ExpensiveReads"/> too.
/// </summary>
internal static class RateLimiting
{
    public const string Policy = "per-principal";

    public static IServiceCollection AddParleyRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<ExpensiveReads>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var caller = Caller.From(context.User);
                if (settings.PermitsPerSecond == 0 || (caller is { IsService: true } && !settings.LimitServiceKey))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var key = caller?.Principal ?? "address:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });

            options.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))
                    : 1;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = 429, Detail = $"Too many requests; retry in {seconds} s." },
                });
            };
        });
        return services;
    }

    /// <summary>
    /// The limiter's middleware, unless <c>PermitsPerSecond</c> is 0: then no request is ever
    /// limited, and skipping the middleware spares every request its partition lookup.
    /// </summary>
    public static WebApplication UseParleyRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerSecond > 0)
        {
            app.UseRateLimiter();
        }

        return app;
    }
}
