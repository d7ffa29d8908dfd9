using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>Reads the <c>unit_tests:</c> list of a properties file (dbt 1.8's keys).</summary>
public static class UnitTestReader
{
    private static readonly string[] Keys = ["name", "model", "description", "given", "expect", "overrides", "config", "versions"];
    private static readonly string[] RowsKeys = ["input", "format", "rows", "fixture"];
    private static readonly string[] Formats = ["dict", "csv", "sql"];

    public static IEnumerable<UnitTestDefinition> Read(YamlMap file)
    {
        foreach (var node in file.Mappings("unit_tests", "unit test"))
        {
            var map = new YamlMap(node, file.FilePath, file.Bag, "a unit test", Keys);
            var name = map.RequiredString("name", "a unit test");
            var model = map.RequiredString("model", $"unit test '{name}'");
            var expectNode = map.MappingNode("expect");
            if (expectNode is null)
            {
                file.Bag.Error(DiagnosticCodes.MissingKey, $"unit test '{name}' needs 'expect' (the rows the model should return)", map.Location);
            }

            var given = ImmutableArray.CreateBuilder<UnitTestInput>();
            foreach (var item in map.Mappings("given", "input"))
            {
                var input = new YamlMap(item, file.FilePath, file.Bag, $"an input of unit test '{name}'", RowsKeys);
                if (input.RequiredString("input", $"an input of unit test '{name}'") is { } call && ReadRows(input, name) is { } rows)
                {
                    given.Add(new UnitTestInput(call.Trim(), rows, input.Location));
                }
            }

            var expect = expectNode is null ? null : ReadRows(new YamlMap(expectNode, file.FilePath, file.Bag, $"expect of unit test '{name}'", RowsKeys), name);
            if (name is null || model is null || expect is null)
            {
                continue;
            }

            var overrides = map.Map("overrides", $"overrides of unit test '{name}'", ["vars", "macros", "env_vars"]);
            var macros = overrides?.Map("macros", $"macro overrides of unit test '{name}'", ["is_incremental"]);
            var config = map.Map("config", $"config of unit test '{name}'", ["tags", "meta", "enabled"]);
            yield return new UnitTestDefinition(name, model, given.ToImmutable(), expect, map.Location)
            {
                Description = map.String("description"),
                Tags = config?.Has("tags") == true ? config.StringList("tags") : [],
                Enabled = config?.Bool("enabled") ?? true,
                Vars = overrides?.Plain("vars") as ImmutableDictionary<string, object?> ?? ImmutableDictionary<string, object?>.Empty,
                IsIncremental = macros?.Bool("is_incremental") ?? false,
            };
        }
    }

    private static UnitTestRows? ReadRows(YamlMap map, string? test)
    {
        var format = map.OneOf("format", Formats) ?? "dict";
        if (map.Has("fixture"))
        {
            map.Bag.Error(DiagnosticCodes.InvalidValue, $"unit test '{test}': fixture files are not supported yet; give the rows inline under 'rows'", map.KeyLocation("fixture"));
            return null;
        }

        var rows = map.Get("rows");
        switch (format)
        {
            case "sql":
                return map.String("rows") is { } sql ? new UnitTestRows(format, [], [], sql) : Missing(map, test, "a query");
            case "csv":
                return map.String("rows") is { } csv ? Csv(format, csv) : Missing(map, test, "CSV text with a header line");
            default:
                if (rows is null || (rows is YamlScalarNode s && YamlPlain.Scalar(s) is null))
                {
                    return new UnitTestRows(format, [], [], null);
                }

                if (rows is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlMappingNode))
                {
                    map.Bag.Error(DiagnosticCodes.InvalidValue, $"unit test '{test}': 'rows' must be a list of mappings from column to value", map.At(rows));
                    return null;
                }

                var columns = sequence.Children.SelectMany(c => ((YamlMappingNode)c).Children.Select(kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty)).Distinct(StringComparer.Ordinal);
                return new UnitTestRows(format, [.. columns], [.. sequence.Children.Select(c => (ImmutableDictionary<string, object?>)YamlPlain.ToPlain(c)!)], null);
        }
    }

    private static UnitTestRows? Missing(YamlMap map, string? test, string what)
    {
        map.Bag.Error(DiagnosticCodes.MissingKey, $"unit test '{test}': 'rows' must hold {what}", map.Location);
        return null;
    }

    /// <summary>dbt's inline CSV: a header line, then one line per row; an empty cell is null. Quoted cells may hold commas.</summary>
    private static UnitTestRows Csv(string format, string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            return new UnitTestRows(format, [], [], null);
        }

        var header = Cells(lines[0]).Select(h => h.Trim()).ToList();
        return new UnitTestRows(format, [.. header], [.. lines.Skip(1).Select(line =>
        {
            var cells = Cells(line);
            return header.Select((h, i) => (h, v: i < cells.Count && cells[i].Length > 0 ? (object?)cells[i] : null))
                .ToImmutableDictionary(p => p.h, p => p.v, StringComparer.Ordinal);
        })], null);
    }

    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        cells.Add(current.ToString());
        return cells;
    }
}
