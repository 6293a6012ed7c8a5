using Parley.Rules;
using Parley.Storage;

namespace Parley.Idempotency;

/// <summary>Forgets idempotency keys older than their 24-hour window, once an hour.</summary>
internal sealed class KeyPurger(IParleyStore store, TimeProvider time, ILogger<KeyPurger> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.PurgeIdempotencyKeysAsync(time.GetUtcNow() - Limits.IdempotencyWindow, stoppingToken);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or StoreOverloadedException)
            {
                // Expired keys are already ignored; the next tick tries again.
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Not an outage, so a bug; it must not end the purging, nor, by default, the host.
                IdempotencyLog.PurgeFailed(log, ex);
            }
        }
    }
}
