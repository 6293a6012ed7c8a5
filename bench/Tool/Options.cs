using System.Globalization;

namespace Parley.Bench;

/// <summary><c>--name value</c> pairs and bare <c>--flag</c>s of one command.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[name] = hasValue ? args[++i] : "true";
        }

        return options;
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string? TextOrNull(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int? fallback = null) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"--{name} is required.");

    public long Long(string name, long? fallback = null) =>
        _values.TryGetValue(name, out var value) ? long.Parse(value, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"--{name} is required.");

    public double Double(string name, double? fallback = null) =>
        _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"--{name} is required.");

    public bool Flag(string name) => _values.TryGetValue(name, out var value) && value == "true";
}
