using System.Diagnostics;
using System.Globalization;

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
