using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace Parley.Tests.Reliability;

/// <summary>
/// An ordinary user beside an attack: at a steady pace (well under the rate limit) it sends a
/// message to its own thread, reads the newest page of it and reads it whole through the
/// seed-compatible GET, in turn, and records how long each request took and how it ended.
/// </summary>
internal sealed class Bystander(HttpClient client, string thread, TimeSpan interval)
{
    private readonly ConcurrentQueue<Sample> _samples = new();
    private long _lastStarted;

    public IReadOnlyCollection<Sample> Samples => _samples;

    /// <summary>Waits until a request started at or after <paramref name="timestamp"/> has ended: every earlier one has then been recorded.</summary>
    public async Task WaitPastAsync(long timestamp)
    {
        var bound = Stopwatch.StartNew();
        while (Interlocked.Read(ref _lastStarted) < timestamp && bound.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Runs until <paramref name="stop"/>; a request once started is finished and recorded.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var next = Stopwatch.GetTimestamp();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var sample = await TimeAsync((Kind)(n % 3), n);
            _samples.Enqueue(sample);
            Interlocked.Exchange(ref _lastStarted, sample.Started);

            // A fixed schedule, not a fixed gap: a slow answer does not lower the load offered.
            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(Task.Delay(wait, stop));
            }
            else
            {
                next = Stopwatch.GetTimestamp();
            }
        }
    }

    private async Task<Sample> TimeAsync(Kind kind, int n)
    {
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            using var response = kind switch
            {
                Kind.Send => await client.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = $"bystander message {n}" }),
                Kind.Page => await client.GetAsync($"/v1/threads/{thread}/messages?limit=50"),
                _ => await client.GetAsync($"/thread/{thread}"),
            };
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException)
        {
            // HttpClient's own timeout.
            status = 0;
        }

        return new Sample(kind, status, started, Stopwatch.GetElapsedTime(started));
    }

    internal enum Kind
    {
        Send,
        Page,
        Seed,
    }

    /// <param name="Started">A <see cref="Stopwatch"/> timestamp.</param>
    internal sealed record Sample(Kind Kind, int Status, long Started, TimeSpan Elapsed)
    {
        public bool Succeeded => Kind == Kind.Send ? Status == 201 : Status == 200;
    }
}
