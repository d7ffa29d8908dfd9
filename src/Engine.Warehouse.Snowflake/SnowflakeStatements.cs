namespace Engine.Warehouse.Snowflake;

/// <summary>Counts the statements of a text (semicolons outside strings, quoted names and comments), for <c>MULTI_STATEMENT_COUNT</c>.</summary>
public static class SnowflakeStatements
{
    public static int Count(string sql) => Split(sql).Count;

    /// <summary>The statements of a text, trimmed, without their semicolons.</summary>
    public static List<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        var count = 0;
        var content = false;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = NextOr(sql, "\n", i + 2) - 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = NextOr(sql, "*/", i + 2) + 1;
            }
            else if (c is '\'' or '"')
            {
                content = true;
                for (i++; i < sql.Length && sql[i] != c; i++)
                {
                    if (c == '\'' && sql[i] == '\\')
                    {
                        i++;
                    }
                }
            }
            else if (c == '$' && i + 1 < sql.Length && sql[i + 1] == '$')
            {
                content = true;
                i = NextOr(sql, "$$", i + 2) + 1;
            }
            else if (c == ';')
            {
                if (content)
                {
                    statements.Add(sql[start..i].Trim());
                    count++;
                }

                start = i + 1;
                content = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                content = true;
            }
        }

        if (content)
        {
            statements.Add(sql[start..].Trim());
        }

        return statements;
    }

    private static int NextOr(string sql, string what, int from)
    {
        var at = sql.IndexOf(what, from, StringComparison.Ordinal);
        return at < 0 ? sql.Length : at;
    }
}
