using Microsoft.Extensions.Logging;
using Parley.Events;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

public sealed class LiveHubTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly LogCollector _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ScriptedStore _store = new();
    private readonly LiveHub _hub;

    public LiveHubTests()
    {
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        _hub = new LiveHub(_store, TimeProvider.System, _loggers.CreateLogger<LiveHub>());
    }

    [Fact]
    public async Task TheLoopSurvivesANoticeWhoseHandlingFailsAndDeliversTheNextOne()
    {
        _store.BrokenSeqs.Add(1);
        var stream = new Subscriber(16, () => { });
        using var subscription = _hub.SubscribeThread(_store.ThreadId, stream);
        await _hub.StartAsync(CancellationToken.None);

        _hub.Enqueue(new Notice(_store.ThreadId, 1));
        _hub.Enqueue(new Notice(_store.ThreadId, 2));

        var delivered = await stream.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(2, delivered.Seq);
        Assert.Contains(_logs.Lines, line => line.StartsWith("Error Parley.Events.LiveHub", StringComparison.Ordinal));
        await _hub.StopAsync(CancellationToken.None);
        Assert.True(_hub.ExecuteTask?.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StoppingDuringTheRestartPauseEndsTheLoopAtOnce()
    {
        _store.BrokenSeqs.Add(1);
        await _hub.StartAsync(CancellationToken.None);
        using var subscription = _hub.SubscribeThread(_store.ThreadId, new Subscriber(16, () => { }));
        _hub.Enqueue(new Notice(_store.ThreadId, 1));
        await WaitForLoopFailureAsync().WaitAsync(Patience);
        await _hub.StopAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.True(_hub.ExecuteTask?.IsCompletedSuccessfully);
    }

    [Fact]
    public void NoticesBeyondTheQueueAreDroppedAndCounted()
    {
        // Not started: nothing drains the queue.
        for (var i = 0; i < LiveHub.QueueCapacity + 3; i++)
        {
            _hub.Enqueue(new Notice(Guid.NewGuid(), 1));
        }

        Assert.Equal(3, _hub.DroppedNotices);
    }

    [Fact]
    public async Task AfterDroppingNoticesTheHubRefillsThreadStreamsAndEndsUserStreams()
    {
        var threadStream = new Subscriber(16, () => { });
        var userStream = new Subscriber(16, () => { });
        using var thread = _hub.SubscribeThread(_store.ThreadId, threadStream);
        using var user = _hub.SubscribeUser("alma", userStream);
        for (var i = 0; i <= LiveHub.QueueCapacity; i++)
        {
            _hub.Enqueue(new Notice(Guid.NewGuid(), 1));
        }

        await _hub.StartAsync(CancellationToken.None);

        // The thread's newest message, offered again so that its streams fill the gap from the store.
        var refill = await threadStream.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(ScriptedStore.LastSeq, refill.Seq);
        await userStream.Completion.WaitAsync(Patience);
        Assert.Contains(_logs.Lines, line => line.Contains("dropped 1 notices", StringComparison.Ordinal));
        await _hub.StopAsync(CancellationToken.None);
    }

    private async Task WaitForLoopFailureAsync()
    {
        while (!_logs.Lines.Any(line => line.StartsWith("Error Parley.Events.LiveHub", StringComparison.Ordinal)))
        {
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        _hub.Dispose();
        _loggers.Dispose();
    }

    /// <summary>
    /// One thread of alma and bob whose messages 1 to <see cref="LastSeq"/> exist; reading a seq
    /// in <see cref="BrokenSeqs"/> fails the way a bug would. Other threads do not exist.
    /// </summary>
    private sealed class ScriptedStore : StoreStub
    {
        public const long LastSeq = 7;

        public Guid ThreadId { get; } = Guid.NewGuid();

        public HashSet<long> BrokenSeqs { get; } = [];

        public override Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct)
        {
            if (BrokenSeqs.Contains(seq))
            {
                throw new InvalidOperationException("A bug in reading this message.");
            }

            return Task.FromResult(threadId == ThreadId && seq <= LastSeq ? Message(seq) : null);
        }

        public override Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct) =>
            Task.FromResult(threadId == ThreadId
                ? new ThreadRecord(ThreadId, null, ["alma", "bob"], DateTimeOffset.UnixEpoch, LastSeq, Message(LastSeq), null)
                : null);

        private MessageRecord Message(long seq) => new(Guid.NewGuid(), ThreadId, seq, "alma", $"message {seq}", DateTimeOffset.UnixEpoch);
    }
}
