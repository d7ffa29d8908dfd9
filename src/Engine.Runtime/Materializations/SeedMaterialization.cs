using System.Runtime.CompilerServices;
using Engine.Runtime.Execution;
using Engine.Runtime.Seeds;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// Loads a CSV seed: a first pass infers each undeclared column's type and checks every row, so a malformed
/// file is refused before anything is touched; the second streams the rows with binary COPY into a table
/// that is swapped in atomically.
/// </summary>
public sealed class SeedMaterialization : IMaterialization
{
    public async Task<string> BuildAsync(NodeContext context)
    {
        var path = context.Node.FilePath;
        var display = context.Node.RelativePath;
        var types = await Task.Run(() => InferTypes(context, path, display), context.CancellationToken).ConfigureAwait(false);
        var columns = types.Select(t => new ColumnInfo(t.Name, t.Type.SqlType)).ToList();
        var copyColumns = types.Select(t => new ColumnInfo(t.Name, t.Type.CopyType)).ToList();
        await RelationSwap.ReplaceAsync(context, RelationKind.Table, async staged =>
        {
            await context.ExecuteAsync(context.Statements.CreateTable(staged, columns)).ConfigureAwait(false);
            var rows = await context.Session.CopyInAsync(staged, copyColumns, Convert(path, display, types, context.CancellationToken), context.CancellationToken).ConfigureAwait(false);
            context.Response = new StatementResult("INSERT", rows);
        }).ConfigureAwait(false);
        return $"loaded seed file {context.DisplayName}";
    }

    private static List<(string Name, SeedColumnType Type)> InferTypes(NodeContext context, string path, string display)
    {
        var declared = context.Node.Config?.ColumnTypes ?? [];
        using var reader = new CsvSeedReader(path, display);
        var header = reader.Header;
        foreach (var name in declared.Keys.Where(k => !header.Contains(k, StringComparer.Ordinal)))
        {
            throw new SeedFormatException($"{display}: column_types names '{name}', which is not a column of the file ({string.Join(", ", header)})");
        }

        var fixedTypes = new SeedColumnType?[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            if (declared.TryGetValue(header[i], out var text))
            {
                fixedTypes[i] = SeedColumnType.Declared(text)
                    ?? throw new SeedFormatException($"{display}: column_types gives '{header[i]}' the type '{text}', which seeds cannot load (use text, bigint, integer, numeric, double precision, boolean, date, timestamp, timestamptz, uuid or jsonb)");
            }
        }

        var candidate = new int[header.Count];
        foreach (var (_, fields) in reader.Rows())
        {
            for (var i = 0; i < fields.Length; i++)
            {
                if (fixedTypes[i] is null && fields[i] is { } value)
                {
                    while (!SeedColumnType.Inferable[candidate[i]].Accepts(value))
                    {
                        candidate[i]++;
                    }
                }
            }
        }

        return [.. header.Select((name, i) => (name, fixedTypes[i] ?? SeedColumnType.Inferable[candidate[i]]))];
    }

    private static async IAsyncEnumerable<object?[]> Convert(string path, string display, List<(string Name, SeedColumnType Type)> types, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var reader = new CsvSeedReader(path, display);
        foreach (var (line, fields) in reader.Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new object?[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                if (fields[i] is not { } field)
                {
                    continue;
                }

                try
                {
                    values[i] = types[i].Type.Parse(field);
                }
                catch (Exception e) when (e is FormatException or OverflowException)
                {
                    throw new SeedFormatException($"{display}({line}): '{field}' in column '{types[i].Name}' is not a valid {types[i].Type.SqlType}");
                }
            }

            yield return values;
        }
    }
}
