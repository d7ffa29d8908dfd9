using System.Text;

namespace Engine.Core.Compilation;

/// <summary>
/// Injects ephemeral models as CTEs at the top of a query. A query that already starts with WITH gets the CTEs
/// prepended to its own list, so the result stays one valid statement.
/// </summary>
public static class EphemeralInliner
{
    public static string Inline(string sql, IReadOnlyList<(string Name, string Body)> ctes)
    {
        if (ctes.Count == 0)
        {
            return sql;
        }

        var definitions = new StringBuilder();
        for (var i = 0; i < ctes.Count; i++)
        {
            definitions.Append(ctes[i].Name).Append(" as (\n").Append(Trim(ctes[i].Body)).Append("\n)");
            if (i < ctes.Count - 1)
            {
                definitions.Append(",\n");
            }
        }

        var start = SkipTrivia(sql, 0);
        if (IsWord(sql, start, "with"))
        {
            var afterWith = SkipTrivia(sql, start + 4);
            var insertAt = IsWord(sql, afterWith, "recursive") ? afterWith + "recursive".Length : start + 4;
            return $"{sql[..insertAt]} {definitions},{sql[insertAt..]}";
        }

        return $"{sql[..start]}with {definitions}\n{sql[start..]}";
    }

    /// <summary>A CTE body cannot end with a statement terminator.</summary>
    public static string Trim(string body) => body.Trim().TrimEnd(';').TrimEnd();

    private static int SkipTrivia(string sql, int i)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql.AsSpan(i).StartsWith("--"))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (sql.AsSpan(i).StartsWith("/*"))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool IsWord(string sql, int i, string word) =>
        i + word.Length <= sql.Length
        && sql.AsSpan(i, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
        && (i + word.Length == sql.Length || !(char.IsLetterOrDigit(sql[i + word.Length]) || sql[i + word.Length] == '_'));
}
