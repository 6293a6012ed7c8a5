using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Parley.Bench;

/// <summary>The report's SVG charts, drawn by gnuplot; none when gnuplot is not installed.</summary>
internal static class Chart
{
    private static readonly Dictionary<string, double> TargetRatios = new()
    {
        ["send-many"] = 0.35,
        ["send-hot"] = 0.20,
        ["page-10"] = 0.50,
        ["page-50"] = 0.30,
    };

    /// <summary>Chart name → file name (beside the report).</summary>
    public static Dictionary<string, string> Draw(BenchResults results, string directory, string stem)
    {
        var drawn = new Dictionary<string, string>();
        var ratios = results.Cases.Where(c => c.Ratio is not null && c.Group is "send" or "read" or "compat").ToList();
        if (ratios.Count > 0 && Plot(Path.Combine(directory, $"{stem}-ratios.svg"), RatiosScript(ratios)))
        {
            drawn["ratios"] = $"{stem}-ratios.svg";
        }

        var growth = results.Cases.Where(c => c.Group == "growth" && c.StoredMessages is not null).ToList();
        if (growth.Count > 0 && Plot(Path.Combine(directory, $"{stem}-growth.svg"), GrowthScript(growth)))
        {
            drawn["growth"] = $"{stem}-growth.svg";
        }

        return drawn;
    }

    private static string RatiosScript(List<CaseSummary> cases)
    {
        var script = new StringBuilder("""
            set title 'Median req/s as a share of the ceiling (POST /echo for writes, GET /json for reads)'
            set style fill solid 0.85 border -1
            set boxwidth 0.36
            set yrange [0:*]
            set ylabel 'share of ceiling'
            set xtics rotate by -35 left noenhanced nomirror
            set grid ytics
            set key top right
            set datafile missing '?'
            set bmargin 7

            """);
        script.Append("$data << EOD\n");
        for (var i = 0; i < cases.Count; i++)
        {
            var target = TargetRatios.TryGetValue(cases[i].Name, out var t) ? t.ToString("0.00", CultureInfo.InvariantCulture) : "?";
            var cpu = cases[i].CpuRatio is { } c ? c.ToString("0.0000", CultureInfo.InvariantCulture) : "?";
            script.Append(CultureInfo.InvariantCulture, $"{i} \"{cases[i].Name}\" {cases[i].Ratio:0.0000} {target} {cpu}\n");
        }

        script.Append("EOD\n");
        script.Append("plot $data using ($1-0.19):3:xtic(2) with boxes lc rgb '#4878a8' title 'req/s ratio', ")
            .Append("'' using ($1+0.19):5 with boxes lc rgb '#a8c4e0' title 'ratio by CPU per request', ")
            .Append("'' using 1:4 with points pt 7 ps 1.4 lc rgb '#c0392b' title 'target'\n");
        return script.ToString();
    }

    private static string GrowthScript(List<CaseSummary> cases)
    {
        var script = new StringBuilder("""
            set title 'Throughput against messages already stored (SQLite, synchronous=FULL)'
            set logscale x 10
            set format x '10^{%L}'
            set xlabel 'messages stored when the case began'
            set ylabel 'req/s (median of runs)'
            set yrange [0:*]
            set grid
            set key bottom left
            set offsets graph 0.03, graph 0.03

            """);
        foreach (var (name, prefix) in new[] { ("page", "growth-page-10-"), ("send", "growth-send-") })
        {
            script.Append(CultureInfo.InvariantCulture, $"${name} << EOD\n");
            foreach (var c in cases.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(c => c.StoredMessages))
            {
                script.Append(CultureInfo.InvariantCulture, $"{Math.Max(1, c.StoredMessages!.Value)} {c.Rps.Median:0.0} {c.Rps.Min:0.0} {c.Rps.Max:0.0}\n");
            }

            script.Append("EOD\n");
        }

        script.Append("plot $page using 1:2:3:4 with yerrorlines pt 7 lc rgb '#4878a8' title 'newest page of 10', ")
            .Append("$send using 1:2:3:4 with yerrorlines pt 5 lc rgb '#d08020' title 'send to many threads'\n");
        return script.ToString();
    }

    private static bool Plot(string output, string body)
    {
        var script = $"set terminal svg size 960,480 dynamic font 'sans,12' background rgb 'white'\nset output '{output}'\n{body}";
        try
        {
            using var gnuplot = Process.Start(new ProcessStartInfo("gnuplot")
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
            })!;
            gnuplot.StandardInput.Write(script);
            gnuplot.StandardInput.Close();
            var errors = gnuplot.StandardError.ReadToEnd();
            gnuplot.WaitForExit();
            if (gnuplot.ExitCode != 0)
            {
                Console.Error.WriteLine($"gnuplot failed for {output}:\n{errors}");
            }

            return gnuplot.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
