using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// Concurrent writers sending to a server process that the test kills or stops and starts again.
/// Every send carries an Idempotency-Key and a text unique to that key. A writer repeats a send
/// with the same key until it is acknowledged (201), waiting for the server to be back when
/// the connection fails, as a careful client would. Acknowledged sends go in the ledger.
/// </summary>
internal sealed partial class SendLoad(int threads, int writersPerThread)
{
    private const int MaxAttempts = 200;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, Ack> _acked = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private TaskCompletionSource _up = Completed();
    private readonly List<(string Thread, string User)> _writers = [];
    private int _retried;
    private int _refused;
    private int _connectionFailures;

    public IReadOnlyList<string> ThreadIds { get; private set; } = [];

    public int Acknowledged => _acked.Count;

    /// <summary>Sends acknowledged only after one or more failed attempts (connection lost, 503).</summary>
    public int Retried => _retried;

    /// <summary>Attempts answered 503 (refused cleanly: nothing stored, retry later).</summary>
    public int Refused => _refused;

    /// <summary>Attempts that got no answer: the connection was refused or cut.</summary>
    public int ConnectionFailures => _connectionFailures;

    /// <summary>Answers that are neither 201 nor 503: each one is a failure of the test.</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public IReadOnlyDictionary<string, Ack> Ledger => _acked;

    public async Task SetUpAsync(HttpClient service)
    {
        var ids = new List<string>();
        for (var t = 0; t < threads; t++)
        {
            var users = Enumerable.Range(0, writersPerThread).Select(w => Names.User($"w{w}")).ToArray();
            var id = await service.CreateThreadAsync(users);
            ids.Add(id);
            _writers.AddRange(users.Select(u => (id, u)));
        }

        ThreadIds = ids;
    }

    /// <summary>Runs every writer until <paramref name="stop"/>; each finishes the send it has started.</summary>
    public Task RunAsync(HttpClient service, CancellationToken stop, CancellationToken abort) =>
        Task.WhenAll(_writers.Select((w, i) => Task.Run(() => WriteAsync(service, w.Thread, w.User, i, stop, abort), abort)));

    /// <summary>The server is going away: failing writers wait for <see cref="MarkUp"/> before they retry.</summary>
    public void MarkDown()
    {
        lock (_gate)
        {
            if (_up.Task.IsCompleted)
            {
                _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void MarkUp()
    {
        lock (_gate)
        {
            _up.TrySetResult();
        }
    }

    public Task WaitForAcknowledgedAsync(int count)
    {
        lock (_gate)
        {
            if (_acked.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    private async Task WriteAsync(HttpClient service, string thread, string user, int writer, CancellationToken stop, CancellationToken abort)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"{_run}-{writer}-{n}";
            var text = $"{_run} writer {writer} message {n}";
            if (!await SendUntilAcknowledgedAsync(service, thread, user, key, text, abort))
            {
                return;
            }
        }
    }

    private async Task<bool> SendUntilAcknowledgedAsync(
        HttpClient service, string thread, string user, string key, string text, CancellationToken abort)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt == MaxAttempts)
            {
                _unexpected.Enqueue($"key {key} still unacknowledged after {MaxAttempts} attempts");
                return false;
            }

            Task up;
            lock (_gate)
            {
                up = _up.Task;
            }

            HttpResponseMessage response;
            try
            {
                response = await service.SendWithKeyAsync(thread, text, key, user).WaitAsync(abort);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !abort.IsCancellationRequested))
            {
                // The server went away mid-request: the send may or may not be stored. Retry with the same key.
                Interlocked.Increment(ref _connectionFailures);
                await up.WaitAsync(abort);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = await response.ReadJsonAsync();
                    Record(key, new Ack(thread, body.GetProperty("seq").GetInt64(), body.GetProperty("id").GetString()!, text, user));
                    if (attempt > 0)
                    {
                        Interlocked.Increment(ref _retried);
                    }

                    return true;
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                {
                    Interlocked.Increment(ref _refused);
                    await Task.WhenAny(up, Task.Delay(response.Headers.RetryAfter.Delta ?? TimeSpan.FromSeconds(1), abort)).WaitAsync(abort);
                    continue;
                }

                _unexpected.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(abort)}");
                return false;
            }
        }
    }

    private void Record(string key, Ack ack)
    {
        lock (_gate)
        {
            if (!_acked.TryAdd(key, ack))
            {
                _unexpected.Enqueue($"key {key} acknowledged twice");
            }

            foreach (var waiter in _waiters.Where(w => _acked.Count >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
