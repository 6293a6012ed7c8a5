using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// Beyond capacity the server refuses at once (503 or 429, with Retry-After) instead of letting
/// requests queue without bound, and a refused send is never stored.
/// </summary>
public sealed class OverloadTests(OverloadTests.SmallQueueFactory queue, OverloadTests.RateLimitedFactory limited, ITestOutputHelper output)
    : IClassFixture<OverloadTests.SmallQueueFactory>, IClassFixture<OverloadTests.RateLimitedFactory>
{
    private const int Flood = 300;

    [Fact]
    public async Task SendsBeyondAFullWriteQueueAreRefusedWith503AndNoneOfThemIsStored()
    {
        var alma = Names.User("alma");
        using var service = queue.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, Names.User("bob"));

        // Another connection holds the database's write lock, as a disk that cannot keep up
        // would: the writer cannot commit, its queue (16) fills, and the rest must be refused.
        await using var blocker = new SqliteConnection($"Data Source={Path.Combine(queue.DataDirectory, "parley.db")};Pooling=False");
        await blocker.OpenAsync();
        await ExecuteAsync(blocker, "BEGIN IMMEDIATE");
        var refusedEnough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refusedCount = 0;
        var sends = Enumerable.Range(0, Flood).Select(i => Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            var response = await service.SendWithKeyAsync(thread, $"flood {i}", $"flood-{i}", alma);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && Interlocked.Increment(ref refusedCount) == Flood / 2)
            {
                refusedEnough.TrySetResult();
            }

            return (Text: $"flood {i}", Key: $"flood-{i}", Response: response, clock.Elapsed);
        })).ToList();
        await refusedEnough.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await ExecuteAsync(blocker, "ROLLBACK");
        var results = await Task.WhenAll(sends);

        var accepted = results.Where(r => r.Response.StatusCode == HttpStatusCode.Created).Select(r => r.Text).ToHashSet();
        var refused = results.Where(r => r.Response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        var errorsLogged = queue.ErrorsLogged;
        var stored = await StoredTextsAsync(service, thread);
        Figures.Report(output, "overload/write-queue", $"queue capacity 16, database write lock held, {Flood} concurrent sends: "
            + $"201={accepted.Count} 503={refused.Count} other={Flood - accepted.Count - refused.Count}; "
            + $"slowest 503 answered in {refused.Max(r => r.Elapsed.TotalMilliseconds):0} ms; errors logged={errorsLogged}; stored={stored.Count} refused-but-stored={refused.Count(r => stored.Contains(r.Text))}");

        Assert.Equal(Flood, accepted.Count + refused.Count);
        Assert.NotEmpty(refused);
        foreach (var (_, _, response, _) in refused)
        {
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 503 without Retry-After.");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(accepted.OrderBy(t => t), stored.OrderBy(t => t));

        // Shedding load is expected: no error (with its stack trace) per refused request.
        Assert.Equal(0, errorsLogged);

        // Once the database keeps up again, the refused sends go through with their keys.
        foreach (var (text, key, _, _) in refused)
        {
            using var retry = await service.SendWithKeyAsync(thread, text, key, alma);
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        }

        Assert.Equal(Flood, (await StoredTextsAsync(service, thread)).Count);
    }

    [Fact]
    public async Task AUserBeyondTheRateLimitIsRefusedWith429AndNoneOfThoseSendsIsStored()
    {
        var alma = Names.User("alma");
        using var service = limited.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, Names.User("bob"));
        using var user = await limited.CreateUserClientAsync(alma);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            (Text: $"burst {i}", Response: await user.SendWithKeyAsync(thread, $"burst {i}", $"burst-{i}")))));

        var accepted = results.Where(r => r.Response.StatusCode == HttpStatusCode.Created).Select(r => r.Text).ToHashSet();
        var limitedSends = results.Where(r => r.Response.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var stored = await StoredTextsAsync(service, thread);
        Figures.Report(output, "overload/rate-limit", $"burst 5, 2 per second, 50 concurrent sends by one user: "
            + $"201={accepted.Count} 429={limitedSends.Count} stored={stored.Count} refused-but-stored={limitedSends.Count(r => stored.Contains(r.Text))}");

        Assert.Equal(50, accepted.Count + limitedSends.Count);
        Assert.NotEmpty(limitedSends);
        Assert.All(limitedSends, r => Assert.True(r.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 429 without Retry-After."));
        Assert.Equal(accepted.OrderBy(t => t), stored.OrderBy(t => t));
    }

    private static async Task<HashSet<string>> StoredTextsAsync(HttpClient service, string thread)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        long after = 0;
        while (true)
        {
            var page = await service.GetOkAsync($"/v1/threads/{thread}/messages?limit=200&after_seq={after}");
            foreach (var message in page.GetProperty("messages").EnumerateArray())
            {
                Assert.Equal(after + 1, message.GetProperty("seq").GetInt64());
                after++;
                Assert.True(texts.Add(message.GetProperty("text").GetString()!), "A text stored twice.");
            }

            if (!page.GetProperty("has_more").GetBoolean())
            {
                return texts;
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public sealed class SmallQueueFactory : ParleyFactory
    {
        private readonly ErrorCounter _errors = new();

        public int ErrorsLogged => _errors.Count;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:WriteQueueCapacity"] = "16",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(_errors));
        }
    }

    /// <summary>Counts log entries at Error or above.</summary>
    private sealed class ErrorCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => _count;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }

    public sealed class RateLimitedFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:RateLimit:PermitsPerSecond"] = "2",
            ["Parley:RateLimit:Burst"] = "5",
        };
    }
}
