using System.Text.Json;

namespace Parley.Bench;

/// <summary>
/// Checks a results file's shape, not its speed: every expected case is there, every run
/// counted something, nothing failed. The test suite runs it after the smoke run.
/// </summary>
internal static class Validate
{
    public static int Run(Options o)
    {
        var results = JsonSerializer.Deserialize<BenchResults>(File.ReadAllText(o.Text("in")), Json.Options)!;
        var problems = new List<string>();
        var expected = (o.TextOrNull("expect") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in expected.Where(name => results.Cases.All(c => c.Name != name)))
        {
            problems.Add($"case {name} is missing");
        }

        var groups = (o.TextOrNull("expect-groups") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var group in groups.Where(group => results.Cases.All(c => c.Group != group)))
        {
            problems.Add($"no case of group {group}");
        }

        foreach (var c in results.Cases)
        {
            if (c.Runs.Count == 0 || c.Runs.Any(r => r.Rps <= 0 || double.IsNaN(r.Rps)))
            {
                problems.Add($"{c.Name}: a run without positive req/s");
            }

            if (c.Errors > 0)
            {
                problems.Add($"{c.Name}: {c.Errors} errors");
            }

            if (c.Ceiling is not null && c.Ratio is not > 0)
            {
                problems.Add($"{c.Name}: no ratio to {c.Ceiling}");
            }

            if (c.PeakRssMb <= 0)
            {
                problems.Add($"{c.Name}: no peak RSS");
            }

            if (c.FanOut is { EveryoneGotEverything: false })
            {
                problems.Add($"{c.Name}: not every subscriber received every message");
            }
        }

        if (results.Machine.Cores <= 0 || results.Targets.Count == 0)
        {
            problems.Add("machine or targets missing");
        }

        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"  invalid: {problem}");
        }

        Console.WriteLine(problems.Count == 0 ? $"  {o.Text("in")}: {results.Cases.Count} cases, well formed" : $"  {problems.Count} problems");
        return problems.Count == 0 ? 0 : 1;
    }
}
