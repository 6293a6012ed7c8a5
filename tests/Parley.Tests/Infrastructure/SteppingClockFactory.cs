using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A server whose clock moves one millisecond forward every time it is read, so that every
/// thread and message gets a distinct, increasing time and "most recent first" has one answer.
/// A test may also jump the clock forward.
/// </summary>
public sealed class SteppingClockFactory : ParleyFactory
{
    private readonly SteppingClock _clock = new();

    public void Advance(TimeSpan by) => _clock.Advance(by);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
    }

    private sealed class SteppingClock : TimeProvider
    {
        private long _nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public void Advance(TimeSpan by) => Interlocked.Add(ref _nowMs, (long)by.TotalMilliseconds);

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Increment(ref _nowMs));
    }
}
