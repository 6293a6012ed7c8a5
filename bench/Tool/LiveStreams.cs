using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>When each send was issued, by seq.</summary>
internal sealed class SendLog(long firstSeq, int capacity)
{
    private readonly long[] _sentAt = new long[capacity];
    private int _failures;

    public int Failures => _failures;

    public void Record(long seq, long timestamp)
    {
        if (seq - firstSeq is >= 0 and var index && index < _sentAt.Length)
        {
            _sentAt[index] = timestamp;
        }
    }

    public void Fail() => Interlocked.Increment(ref _failures);

    public long SentAt(long seq) => seq - firstSeq is >= 0 and var index && index < _sentAt.Length ? _sentAt[index] : 0;
}

/// <summary>
/// One SSE subscriber: reads <c>id: &lt;seq&gt;</c> lines and notes when each arrived. The
/// server writes an event's id line last, so its arrival is the event's arrival.
/// </summary>
internal sealed class Listener
{
    private readonly long[] _receivedAt;

    private Listener(int capacity) => _receivedAt = new long[capacity];

    public long FirstSeq { get; set; } = long.MaxValue;

    public Task Reading { get; private set; } = Task.CompletedTask;

    public static async Task<Listener> OpenAsync(HttpClient http, string thread, int capacity, CancellationToken ct)
    {
        var listener = new Listener(capacity);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/threads/{thread}/events");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(ct);
        listener.Reading = Task.Run(() => listener.ReadAsync(response, stream, ct), ct);
        return listener;
    }

    public long ReceivedAt(long seq) =>
        seq - FirstSeq is >= 0 and var index && index < _receivedAt.Length ? Volatile.Read(ref _receivedAt[index]) : 0;

    public long Received(long from, long to)
    {
        long count = 0;
        for (var seq = from; seq <= to; seq++)
        {
            count += ReceivedAt(seq) == 0 ? 0 : 1;
        }

        return count;
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream stream, CancellationToken ct)
    {
        using (response)
        using (var reader = new StreamReader(stream))
        {
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal)
                        && long.TryParse(line.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                        && seq - FirstSeq is >= 0 and var index && index < _receivedAt.Length)
                    {
                        Volatile.Write(ref _receivedAt[index], Stopwatch.GetTimestamp());
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }
    }
}

/// <summary>Sends one message every 1/rate seconds without waiting for the previous answer.</summary>
internal sealed class Pacer(HttpClient http, string thread, double rate, SendLog log)
{
    private readonly List<Task<long>> _inFlight = [];
    private long _n;

    /// <summary>Sends for <paramref name="length"/>; returns the seqs the window's sends got, once answered.</summary>
    public async Task<(long From, long To)> RunAsync(TimeSpan length)
    {
        var startedWith = _inFlight.Count;
        var interval = TimeSpan.FromSeconds(1 / rate);
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < length; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            _inFlight.Add(SendAsync(Interlocked.Increment(ref _n)));
        }

        var window = await Task.WhenAll(_inFlight.Skip(startedWith));
        var sent = window.Where(seq => seq > 0).ToList();
        return sent.Count == 0 ? (1, 0) : (sent.Min(), sent.Max());
    }

    public async Task<long> DrainAsync()
    {
        var all = await Task.WhenAll(_inFlight);
        return all.Max();
    }

    private async Task<long> SendAsync(long n)
    {
        var issued = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync($"/v1/threads/{thread}/messages",
            new { text = $"Live message {n.ToString(CultureInfo.InvariantCulture)}" });
        if (!response.IsSuccessStatusCode)
        {
            log.Fail();
            return 0;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var seq = document.RootElement.GetProperty("seq").GetInt64();
        log.Record(seq, issued);
        return seq;
    }
}
