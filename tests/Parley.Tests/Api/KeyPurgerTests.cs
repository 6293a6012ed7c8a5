using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Parley.Idempotency;
using Parley.Tests.Events;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class KeyPurgerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task APurgeThatFailsUnexpectedlyIsLoggedAndTheNextHourPurgesAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new FailingOnceStore();
        var logs = new LogCollector();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        using var purger = new KeyPurger(store, clock, loggers.CreateLogger<KeyPurger>());
        await purger.StartAsync(CancellationToken.None);

        var first = await NextPurgeAsync(clock, store).WaitAsync(Patience);
        var second = await NextPurgeAsync(clock, store).WaitAsync(Patience);

        Assert.True(second > first);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error Parley.Idempotency.KeyPurger", StringComparison.Ordinal));
        await purger.StopAsync(CancellationToken.None);
    }

    // The timer is made on the purger's own task: move the clock until the next purge is seen.
    private static async Task<DateTimeOffset> NextPurgeAsync(FakeTimeProvider clock, FailingOnceStore store)
    {
        while (true)
        {
            if (store.Purges.Reader.TryRead(out var before))
            {
                return before;
            }

            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(10);
        }
    }

    /// <summary>Records every purge; the first one fails the way a bug would.</summary>
    private sealed class FailingOnceStore : StoreStub
    {
        private int _calls;

        public Channel<DateTimeOffset> Purges { get; } = Channel.CreateUnbounded<DateTimeOffset>();

        public override Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct)
        {
            Purges.Writer.TryWrite(before);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("A bug in purging.");
            }

            return Task.FromResult(0);
        }
    }
}
