using System.Collections.Immutable;
using Engine.Core.Compilation;

namespace Engine.Warehouse.Snowflake;

/// <summary>Catalog reads from INFORMATION_SCHEMA, one request for any number of relations, with Snowflake's type names.</summary>
internal static class SnowflakeCatalog
{
    public static string Relations(IReadOnlyCollection<string> schemas, string? identifier)
    {
        var dialect = SnowflakeDialect.Instance;
        var inList = string.Join(", ", schemas.Select(s => dialect.StringLiteral(SnowflakeNames.Stored(s))));
        var filter = identifier is null ? string.Empty : $" and t.table_name = {dialect.StringLiteral(SnowflakeNames.Stored(identifier))}";
        return "select t.table_schema, t.table_name, t.table_type, t.comment, c.column_name, c.data_type, c.numeric_precision, c.numeric_scale\n" +
            "from information_schema.tables as t\n" +
            "left join information_schema.columns as c on c.table_schema = t.table_schema and c.table_name = t.table_name\n" +
            $"where t.table_schema in ({inList}){filter}\n" +
            "order by t.table_schema, t.table_name, c.ordinal_position";
    }

    public static string Columns(string? schema, string table)
    {
        var dialect = SnowflakeDialect.Instance;
        var schemaFilter = schema is null ? "current_schema()" : dialect.StringLiteral(schema);
        return "select column_name, data_type, numeric_precision, numeric_scale from information_schema.columns\n" +
            $"where table_schema = {schemaFilter} and table_name = {dialect.StringLiteral(table)}\norder by ordinal_position";
    }

    /// <summary>Rows of <see cref="Relations"/> grouped into relations; schemas read back as they were asked for.</summary>
    public static List<RelationInfo> Read(IReadOnlyList<string?[]> rows, IReadOnlyCollection<string> schemas)
    {
        var asked = schemas.GroupBy(SnowflakeNames.Stored, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<RelationInfo>();
        foreach (var group in rows.GroupBy(r => (r[0]!, r[1]!)))
        {
            var first = group.First();
            var kind = first[2] switch
            {
                "VIEW" => RelationKind.View,
                "MATERIALIZED VIEW" => RelationKind.MaterializedView,
                _ => RelationKind.Table,
            };
            var schema = asked.GetValueOrDefault(group.Key.Item1) ?? SnowflakeNames.Read(group.Key.Item1);
            result.Add(new RelationInfo(new Relation(null, schema, SnowflakeNames.Read(group.Key.Item2)), kind)
            {
                Columns = [.. group.Where(r => r[4] is not null).Select(r => Column(r[4]!, r[5], r[6], r[7]))],
                Comment = string.IsNullOrEmpty(first[3]) ? null : first[3],
            });
        }

        return result;
    }

    public static ColumnInfo Column(string name, string? type, string? precision, string? scale) =>
        new(SnowflakeNames.Read(name), TypeName(type, precision, scale));

    /// <summary>The column's type as DDL writes it: NUMBER(38,0), VARCHAR, FLOAT, TIMESTAMP_TZ, ...</summary>
    private static string TypeName(string? type, string? precision, string? scale) => type?.ToUpperInvariant() switch
    {
        "NUMBER" or "DECIMAL" or "NUMERIC" => $"NUMBER({precision ?? "38"},{scale ?? "0"})",
        "TEXT" or "VARCHAR" or "STRING" => "VARCHAR",
        null => "VARCHAR",
        var other => other,
    };

    public static ImmutableArray<string> ParseName(string relationText)
    {
        var parts = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        while (i < relationText.Length)
        {
            if (relationText[i] == '"')
            {
                var end = i + 1;
                var text = new System.Text.StringBuilder();
                while (end < relationText.Length)
                {
                    if (relationText[end] == '"' && end + 1 < relationText.Length && relationText[end + 1] == '"')
                    {
                        text.Append('"');
                        end += 2;
                    }
                    else if (relationText[end] == '"')
                    {
                        break;
                    }
                    else
                    {
                        text.Append(relationText[end++]);
                    }
                }

                parts.Add(text.ToString());
                i = end + 1;
            }
            else
            {
                var end = relationText.IndexOf('.', i);
                end = end < 0 ? relationText.Length : end;
                parts.Add(relationText[i..end].Trim().ToUpperInvariant());
                i = end;
            }

            if (i < relationText.Length && relationText[i] == '.')
            {
                i++;
            }
        }

        return parts.ToImmutable();
    }
}
