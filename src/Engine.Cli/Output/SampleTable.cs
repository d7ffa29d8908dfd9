using System.Text;
using Engine.Warehouse;

namespace Engine.Cli.Output;

/// <summary>A failing test's sample rows as a small aligned table.</summary>
public static class SampleTable
{
    public static string Format(QueryResult sample, long failures)
    {
        var cells = sample.Rows.Select(r => r.Select(v => Cut(v ?? "null")).ToArray()).ToList();
        var widths = sample.Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.Append($"{failures} failing row{(failures == 1 ? string.Empty : "s")}{(failures > sample.Rows.Length ? $", first {sample.Rows.Length}" : string.Empty)}:\n");
        text.AppendJoin(" | ", sample.Columns.Select((c, i) => c.PadRight(widths[i]))).Append('\n');
        text.AppendJoin("-+-", widths.Select(w => new string('-', w)));
        foreach (var row in cells)
        {
            text.Append('\n').AppendJoin(" | ", row.Select((v, i) => v.PadRight(widths[i])));
        }

        return text.ToString();
    }

    private static string Cut(string value) => value.Length > 40 ? value[..37] + "..." : value.ReplaceLineEndings(" ");
}
