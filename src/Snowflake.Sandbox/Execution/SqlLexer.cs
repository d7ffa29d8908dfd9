using System.Text;

namespace Snowflake.Sandbox.Execution;

/// <summary>Splits Snowflake SQL into tokens and statements: strings ('..', $$..$$), quoted identifiers, comments, words.</summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                while (i < sql.Length && char.IsWhiteSpace(sql[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Space, sql[start..i]));
            }
            else if (c == '-' && At(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Comment, sql[start..i]));
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                tokens.Add(new SqlToken(SqlTokenKind.Comment, sql[start..i]));
            }
            else if (c == '\'')
            {
                i = EndOfString(sql, i);
                tokens.Add(new SqlToken(SqlTokenKind.String, NormalizeString(sql[start..i])));
            }
            else if (c == '$' && At(sql, i + 1) == '$')
            {
                var end = sql.IndexOf("$$", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                var body = sql[(start + 2)..Math.Max(start + 2, i - 2)];
                tokens.Add(new SqlToken(SqlTokenKind.String, "'" + body.Replace("'", "''", StringComparison.Ordinal) + "'"));
            }
            else if (c == '"')
            {
                i++;
                while (i < sql.Length && !(sql[i] == '"' && At(sql, i + 1) != '"'))
                {
                    i += sql[i] == '"' ? 2 : 1;
                }

                i = Math.Min(i + 1, sql.Length);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[start..i]));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i]));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i]));
            }
            else if (c == '$' && char.IsAsciiDigit(At(sql, i + 1)))
            {
                i++;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i]));
            }
            else
            {
                var two = i + 1 < sql.Length ? sql.Substring(i, 2) : string.Empty;
                var length = two is "::" or "=>" or "||" or "<>" or "!=" or ">=" or "<=" or "->" ? 2 : 1;
                i += length;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, sql[start..i]));
            }
        }

        return tokens;
    }

    /// <summary>The statements of a request, split at semicolons outside strings and comments; empty ones dropped.</summary>
    public static List<List<SqlToken>> Statements(string sql)
    {
        var statements = new List<List<SqlToken>>();
        var current = new List<SqlToken>();
        foreach (var token in Tokenize(sql))
        {
            if (token.IsSymbol(";"))
            {
                Flush();
            }
            else
            {
                current.Add(token);
            }
        }

        Flush();
        return statements;

        void Flush()
        {
            if (current.Any(t => !t.IsTrivia))
            {
                statements.Add(current);
            }

            current = [];
        }
    }

    public static string Join(IEnumerable<SqlToken> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            builder.Append(token.Text);
        }

        return builder.ToString();
    }

    private static char At(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    /// <summary>Snowflake strings take backslash escapes and doubled quotes.</summary>
    private static int EndOfString(string sql, int i)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == '\'')
            {
                if (At(sql, i + 1) == '\'')
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    /// <summary>A literal with Snowflake's backslash escapes rewritten as the standard SQL literal DuckDB reads.</summary>
    private static string NormalizeString(string literal)
    {
        if (!literal.Contains('\\', StringComparison.Ordinal))
        {
            return literal;
        }

        var body = literal[1..^1];
        var builder = new StringBuilder("'");
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                var next = body[++i];
                builder.Append(next switch
                {
                    'n' => "\n",
                    't' => "\t",
                    'r' => "\r",
                    '0' => "\0",
                    '\'' => "''",
                    _ => next.ToString(),
                });
            }
            else
            {
                builder.Append(body[i]);
            }
        }

        return builder.Append('\'').ToString();
    }
}
