using System.Text;

namespace Parley.Bench;

/// <summary>A Markdown document built line by line, with simple tables.</summary>
internal sealed class Markdown
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "") => _text.Append(line).Append('\n');

    /// <summary>The first column left-aligned; the others right-aligned when <paramref name="numbers"/>.</summary>
    public void Table(string[] header, IEnumerable<string[]> rows, bool numbers = true)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(header.Select((_, i) => i == 0 || !numbers ? "---|" : "---:|")));
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        Line();
    }

    public override string ToString() => _text.ToString();
}
