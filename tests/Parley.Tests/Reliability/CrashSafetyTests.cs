using System.Diagnostics;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// The real server process is killed with SIGKILL while writers send, and started again on the
/// same data, several times. Afterwards every acknowledged message is there with its seq, each
/// thread's seqs run 1..N, and no send is stored twice although writers retried every
/// unacknowledged send with its Idempotency-Key. The provider is a parameter: each store
/// runs the same facts through a subclass that names it.
/// </summary>
public abstract class CrashSafetyTests(ServerStore store, ITestOutputHelper output)
{
    [Fact]
    public Task AcknowledgedSendsSurviveRepeatedKillsWithoutLossOrDuplicates() =>
        RunAsync(new CrashPlan(Kills: 4, Threads: 4, WritersPerThread: 3, AcksBetweenKills: 40, Deadline: TimeSpan.FromSeconds(120)));

    [SoakFact]
    [Trait("Category", "Soak")]
    public Task AcknowledgedSendsSurviveManyKillsUnderHeavierLoad() =>
        RunAsync(new CrashPlan(
            Kills: SoakSetting("PARLEY_SOAK_KILLS", 30), Threads: 8, WritersPerThread: 4,
            AcksBetweenKills: SoakSetting("PARLEY_SOAK_ACKS_BETWEEN_KILLS", 400), Deadline: TimeSpan.FromMinutes(30)));

    private async Task RunAsync(CrashPlan plan)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await using var server = new ServerUnderTest(store);
        await server.StartAsync();
        using var service = server.CreateClient();
        var load = new SendLoad(plan.Threads, plan.WritersPerThread);
        await load.SetUpAsync(service);

        using var abort = new CancellationTokenSource(plan.Deadline);
        using var stop = new CancellationTokenSource();
        var writers = load.RunAsync(service, stop.Token, abort.Token);
        for (var kill = 0; kill < plan.Kills; kill++)
        {
            // Kill points vary: after a random number of acknowledgements, with sends in flight.
            await AwaitProgressAsync(load, writers, random.Next(plan.AcksBetweenKills / 2, plan.AcksBetweenKills * 3 / 2), abort.Token);
            load.MarkDown();
            await server.KillAsync();
            await server.StartAsync();
            load.MarkUp();
        }

        await AwaitProgressAsync(load, writers, plan.AcksBetweenKills, abort.Token);
        await stop.CancelAsync();
        await writers;

        var check = await load.CheckAsync(service);
        var replayMismatches = await load.ReplayMismatchesAsync(service);
        Figures.Report(output, $"crash-safety/{store}", $"kills={plan.Kills} threads={plan.Threads} writers={plan.Threads * plan.WritersPerThread} "
            + $"acknowledged={load.Acknowledged} retried-until-acknowledged={load.Retried} {check} "
            + $"replays-mismatched={replayMismatches} unexpected-answers={load.Unexpected.Count} seed={seed} seconds={clock.Elapsed.TotalSeconds:0.0}");

        Assert.Empty(load.Unexpected);
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Duplicated);
        Assert.Equal(0, check.Unacknowledged);
        Assert.Equal(0, check.ThreadsWithGaps);
        Assert.Equal(load.Acknowledged, check.Stored);
        Assert.Equal(0, replayMismatches);
    }

    /// <summary>Waits for <paramref name="more"/> acknowledgements; fails if the writers gave up first.</summary>
    internal static async Task AwaitProgressAsync(SendLoad load, Task writers, int more, CancellationToken abort)
    {
        var reached = load.WaitForAcknowledgedAsync(load.Acknowledged + more);
        await Task.WhenAny(reached, writers).WaitAsync(abort);
        Assert.True(reached.IsCompleted, $"The writers stopped: {string.Join(" | ", load.Unexpected)}");
    }

    private static int SoakSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    private sealed record CrashPlan(int Kills, int Threads, int WritersPerThread, int AcksBetweenKills, TimeSpan Deadline);
}

public sealed class SqliteCrashSafetyTests(ITestOutputHelper output) : CrashSafetyTests(ServerStore.Sqlite, output);

public sealed class PostgresCrashSafetyTests(ITestOutputHelper output) : CrashSafetyTests(ServerStore.Postgres, output);
