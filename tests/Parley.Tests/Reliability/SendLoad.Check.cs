using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

// Reading the threads back after the load, against the ledger of acknowledged sends.
internal sealed partial class SendLoad
{
    /// <summary>Reads every thread back and compares it with the ledger.</summary>
    public async Task<LoadCheck> CheckAsync(HttpClient service)
    {
        var check = new LoadCheck();
        var byText = _acked.Values.ToDictionary(a => a.Text, StringComparer.Ordinal);
        foreach (var thread in ThreadIds)
        {
            var stored = await ReadAllAsync(service, thread);
            check.Stored += stored.Count;
            var seqs = stored.Select(m => m.Seq).ToList();
            if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Count).Select(i => (long)i)))
            {
                check.ThreadsWithGaps++;
            }

            foreach (var group in stored.GroupBy(m => m.Text, StringComparer.Ordinal))
            {
                check.Duplicated += group.Count() - 1;
                if (!byText.ContainsKey(group.Key))
                {
                    check.Unacknowledged++;
                }
            }

            var bySeq = stored.ToDictionary(m => m.Seq);
            foreach (var ack in _acked.Values.Where(a => a.Thread == thread))
            {
                if (!bySeq.TryGetValue(ack.Seq, out var message) || message.Id != ack.Id || message.Text != ack.Text || message.User != ack.User)
                {
                    check.Lost++;
                }
            }
        }

        return check;
    }

    /// <summary>Repeats every acknowledged send with its key: each must answer 201 with the original message.</summary>
    public async Task<int> ReplayMismatchesAsync(HttpClient service)
    {
        var mismatches = 0;
        await Parallel.ForEachAsync(_acked, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, ct) =>
        {
            var (key, ack) = entry;
            using var response = await service.SendWithKeyAsync(ack.Thread, ack.Text, key, ack.User);
            var body = response.StatusCode == HttpStatusCode.Created ? await response.ReadJsonAsync() : default;
            if (response.StatusCode != HttpStatusCode.Created || body.GetProperty("seq").GetInt64() != ack.Seq
                || body.GetProperty("id").GetString() != ack.Id)
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        return mismatches;
    }

    private static async Task<List<Ack>> ReadAllAsync(HttpClient service, string thread)
    {
        var all = new List<Ack>();
        while (true)
        {
            var after = all.Count == 0 ? 0 : all[^1].Seq;
            var page = await service.GetOkAsync($"/v1/threads/{thread}/messages?limit=200&after_seq={after}");
            var messages = page.GetProperty("messages").EnumerateArray().Select(m => new Ack(
                thread, m.GetProperty("seq").GetInt64(), m.GetProperty("id").GetString()!,
                m.GetProperty("text").GetString()!, m.GetProperty("username").GetString()!)).ToList();
            all.AddRange(messages);
            if (!page.GetProperty("has_more").GetBoolean() || messages.Count == 0)
            {
                return all;
            }
        }
    }
}

internal sealed record Ack(string Thread, long Seq, string Id, string Text, string User);

/// <summary>What reading the threads back found, against the ledger of acknowledged sends.</summary>
internal sealed class LoadCheck
{
    public int Stored { get; set; }

    /// <summary>Acknowledged sends missing, or found with another seq, id, text or sender.</summary>
    public int Lost { get; set; }

    /// <summary>Extra copies of one send's text.</summary>
    public int Duplicated { get; set; }

    /// <summary>Stored texts that no acknowledged send carried.</summary>
    public int Unacknowledged { get; set; }

    public int ThreadsWithGaps { get; set; }

    public override string ToString() =>
        $"stored={Stored} lost={Lost} duplicated={Duplicated} unacknowledged-stored={Unacknowledged} threads-with-gaps={ThreadsWithGaps}";
}
