using System.Text;
using Engine.Warehouse.Snowflake.Api;

namespace Engine.Warehouse.Snowflake;

/// <summary>Turns named placeholders into the SQL API's positional bindings.</summary>
public static class SnowflakeBindings
{
    /// <summary>
    /// Replaces each <c>@name</c> of <paramref name="parameters"/> outside string literals and quoted identifiers with
    /// <c>?</c>, returning the bindings in the order the placeholders appear. An <c>@</c> naming no parameter (a stage
    /// reference) is left as written.
    /// </summary>
    public static (string Sql, IReadOnlyList<SqlApiBinding> Bindings) Positional(string sql, IReadOnlyList<QueryParameter> parameters)
    {
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var text = new StringBuilder(sql.Length);
        var bindings = new List<SqlApiBinding>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                while (end > 0 && end + 1 < sql.Length && sql[end + 1] == c)
                {
                    end = sql.IndexOf(c, end + 2);
                }

                end = end < 0 ? sql.Length - 1 : end;
                text.Append(sql, i, end - i + 1);
                i = end + 1;
                continue;
            }

            if (c == '@')
            {
                var start = i + 1;
                var stop = start;
                while (stop < sql.Length && (char.IsLetterOrDigit(sql[stop]) || sql[stop] == '_'))
                {
                    stop++;
                }

                if (stop > start && byName.TryGetValue(sql[start..stop], out var parameter))
                {
                    text.Append('?');
                    bindings.Add(new SqlApiBinding("TEXT", parameter.Value));
                    i = stop;
                    continue;
                }
            }

            text.Append(c);
            i++;
        }

        return (text.ToString(), bindings);
    }
}
