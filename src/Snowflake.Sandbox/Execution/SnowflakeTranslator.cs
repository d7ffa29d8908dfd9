namespace Snowflake.Sandbox.Execution;

/// <summary>
/// Rewrites one Snowflake statement into the DuckDB statements that do the same. Every rule is listed in the README;
/// anything not rewritten is run as written, so SQL the stand-in does not know fails the way Snowflake would refuse it.
/// </summary>
internal static class SnowflakeTranslator
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["FLOAT"] = "DOUBLE",
        ["FLOAT4"] = "DOUBLE",
        ["FLOAT8"] = "DOUBLE",
        ["REAL"] = "DOUBLE",
        ["INTEGER"] = "BIGINT",
        ["INT"] = "BIGINT",
        ["SMALLINT"] = "BIGINT",
        ["TINYINT"] = "BIGINT",
        ["BYTEINT"] = "BIGINT",
        ["VARIANT"] = "JSON",
        ["OBJECT"] = "JSON",
        ["TIMESTAMP_TZ"] = "TIMESTAMPTZ",
        ["TIMESTAMP_LTZ"] = "TIMESTAMPTZ",
        ["TIMESTAMP_NTZ"] = "TIMESTAMP",
        ["DATETIME"] = "TIMESTAMP",
    };

    public static List<string> Translate(List<SqlToken> statement)
    {
        var tokens = statement.Where(t => t.Kind != SqlTokenKind.Comment)
            .Select(t => t.Kind == SqlTokenKind.Word && !t.Text.StartsWith('$') ? t with { Text = t.Text.ToUpperInvariant() } : t)
            .ToList();
        if (Swap(tokens) is { } swap)
        {
            return swap;
        }

        RenameInPlace(tokens);

        var output = new List<SqlToken>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind != SqlTokenKind.Word)
            {
                output.Add(token);
                continue;
            }

            var next = NextSignificant(tokens, i);
            var previous = PreviousSignificant(output);
            switch (token.Text)
            {
                case "TRANSIENT" when next is { } n && tokens[n].IsWord("TABLE"):
                    continue;
                case "NUMBER" or "NUMERIC" or "DECIMAL":
                    output.Add(new SqlToken(SqlTokenKind.Word, next is { } p && tokens[p].IsSymbol("(") ? "DECIMAL" : "DECIMAL(38,0)"));
                    continue;
                case "DATEADD" or "DATEDIFF" or "TIMEADD" or "TIMESTAMPADD" or "TIMESTAMPDIFF" when next is { } open && tokens[open].IsSymbol("("):
                    // The date part is a bare word in Snowflake; DuckDB's functions (and the macros) take it as a string.
                    var part = NextSignificant(tokens, open);
                    output.Add(new SqlToken(SqlTokenKind.Word, token.Text is "DATEDIFF" or "TIMESTAMPDIFF" ? "DATEDIFF" : "DATEADD"));
                    output.AddRange(tokens[(i + 1)..(open + 1)]);
                    if (part is { } at && tokens[at].Kind == SqlTokenKind.Word)
                    {
                        output.Add(new SqlToken(SqlTokenKind.String, $"'{tokens[at].Text.ToLowerInvariant()}'"));
                        i = at;
                    }
                    else
                    {
                        i = open;
                    }

                    continue;
                case "CURRENT_TIMESTAMP" or "SYSDATE" or "GETDATE" when next is { } o && tokens[o].IsSymbol("(") && NextSignificant(tokens, o) is { } c && tokens[c].IsSymbol(")"):
                    output.Add(new SqlToken(SqlTokenKind.Word, "CURRENT_TIMESTAMP"));
                    i = c;
                    continue;
                case "SEQ4" or "SEQ8" when next is { } o2 && tokens[o2].IsSymbol("(") && NextSignificant(tokens, o2) is { } c2 && tokens[c2].IsSymbol(")"):
                    output.Add(new SqlToken(SqlTokenKind.Word, "__SEQ"));
                    i = c2;
                    continue;
                case "TABLE" when next is { } o3 && tokens[o3].IsSymbol("(") && TableFunction(tokens, o3) is { } table:
                    output.Add(new SqlToken(SqlTokenKind.Word, table.Replacement));
                    i = table.End;
                    continue;
                case "VALUE" when JsonTextIndex(tokens, i) is { } json:
                    output.Add(new SqlToken(SqlTokenKind.Word, $"(VALUE->>{json.Index})"));
                    i = json.End;
                    continue;
                case "INFORMATION_SCHEMA" when next is { } dot && tokens[dot].IsSymbol(".") && NextSignificant(tokens, dot) is { } view
                    && tokens[view].Text is "TABLES" or "COLUMNS" or "SCHEMATA" or "VIEWS":
                    var catalog = "CURRENT_DATABASE()";
                    if (previous is { } pd && output[pd].IsSymbol(".") && PreviousSignificant(output, pd) is { } db)
                    {
                        catalog = $"'{Unquote(output[db])}'";
                        output.RemoveRange(db, output.Count - db);
                    }

                    output.Add(new SqlToken(SqlTokenKind.Word, $"(SELECT * FROM __SF_{tokens[view].Text} WHERE TABLE_CATALOG = {catalog})"));
                    i = view;
                    continue;
                default:
                    if (Types.TryGetValue(token.Text, out var type) && !(next is { } call && tokens[call].IsSymbol("(")) && !(previous is { } dotted && output[dotted].IsSymbol(".")))
                    {
                        output.Add(token with { Text = type });
                        continue;
                    }

                    output.Add(token);
                    continue;
            }
        }

        return [SqlLexer.Join(output)];
    }

    /// <summary><c>ALTER TABLE a SWAP WITH b</c>: three renames, run in one transaction by the executor.</summary>
    private static List<string>? Swap(List<SqlToken> tokens)
    {
        var words = tokens.Where(t => !t.IsTrivia).ToList();
        if (words.Count < 6 || !words[0].IsWord("ALTER") || !words[1].IsWord("TABLE"))
        {
            return null;
        }

        var swapAt = words.FindIndex(t => t.IsWord("SWAP"));
        if (swapAt < 3 || swapAt + 2 >= words.Count || !words[swapAt + 1].IsWord("WITH"))
        {
            return null;
        }

        var first = words[2..swapAt];
        var second = words[(swapAt + 2)..];
        var firstName = SqlLexer.Join(first);
        var secondName = SqlLexer.Join(second);
        var firstLast = first[^1].Text;
        var secondLast = second[^1].Text;
        var parking = "\"__SWAP_" + Guid.NewGuid().ToString("N")[..12] + "\"";
        var parkedName = first.Count > 1 ? SqlLexer.Join(first.Take(first.Count - 1)) + parking : parking;
        return
        [
            $"ALTER TABLE {firstName} RENAME TO {parking}",
            $"ALTER TABLE {secondName} RENAME TO {firstLast}",
            $"ALTER TABLE {parkedName} RENAME TO {secondLast}",
        ];
    }

    /// <summary>
    /// <c>ALTER TABLE a.b.x RENAME TO a.b.y</c>: Snowflake takes the new name qualified (unqualified, it means the
    /// session's schema); DuckDB renames within the schema and takes the bare name.
    /// </summary>
    private static void RenameInPlace(List<SqlToken> tokens)
    {
        var significant = tokens.Select((t, i) => (Token: t, Index: i)).Where(p => !p.Token.IsTrivia).ToList();
        if (significant.Count < 5 || !significant[0].Token.IsWord("ALTER"))
        {
            return;
        }

        var to = significant.FindIndex(p => p.Token.IsWord("TO"));
        if (to < 2 || !significant[to - 1].Token.IsWord("RENAME") || to + 1 >= significant.Count)
        {
            return;
        }

        var lastName = significant[^1].Index;
        tokens.RemoveRange(significant[to + 1].Index, lastName - significant[to + 1].Index);
    }

    /// <summary>
    /// <c>TABLE(GENERATOR(ROWCOUNT => n))</c> becomes a range whose row number <c>SEQ4()</c> reads;
    /// <c>TABLE(FLATTEN(INPUT => expr))</c> becomes one row per element of the JSON array, in column VALUE.
    /// </summary>
    private static (string Replacement, int End)? TableFunction(List<SqlToken> tokens, int open)
    {
        var name = NextSignificant(tokens, open);
        if (name is not { } n || tokens[n].Kind != SqlTokenKind.Word || NextSignificant(tokens, n) is not { } inner || !tokens[inner].IsSymbol("("))
        {
            return null;
        }

        var innerClose = Matching(tokens, inner);
        var outerClose = innerClose is { } ic ? NextSignificant(tokens, ic) : null;
        if (outerClose is not { } end || !tokens[end].IsSymbol(")"))
        {
            return null;
        }

        var argument = tokens[(inner + 1)..innerClose!.Value];
        var arrow = argument.FindIndex(t => t.IsSymbol("=>"));
        var value = arrow >= 0 ? Translate([.. argument[(arrow + 1)..]])[0] : SqlLexer.Join(argument);
        return tokens[n].Text switch
        {
            "GENERATOR" => ($"(SELECT RANGE AS __SEQ FROM RANGE({value}))", end),
            "FLATTEN" => ($"(SELECT UNNEST(CAST(CAST({value} AS JSON) AS JSON[])) AS VALUE)", end),
            _ => null,
        };
    }

    /// <summary><c>VALUE[n]::varchar</c> of a flattened array: the element as text (DuckDB's cast would keep JSON quotes).</summary>
    private static (string Index, int End)? JsonTextIndex(List<SqlToken> tokens, int i)
    {
        if (i + 5 < tokens.Count && tokens[i + 1].IsSymbol("[") && tokens[i + 2].Kind == SqlTokenKind.Number && tokens[i + 3].IsSymbol("]")
            && tokens[i + 4].IsSymbol("::") && tokens[i + 5].Kind == SqlTokenKind.Word && tokens[i + 5].Text is "VARCHAR" or "STRING" or "TEXT")
        {
            return (tokens[i + 2].Text, i + 5);
        }

        return null;
    }

    private static int? Matching(List<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].IsSymbol("("))
            {
                depth++;
            }
            else if (tokens[i].IsSymbol(")") && --depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    private static int? NextSignificant(List<SqlToken> tokens, int i)
    {
        for (var j = i + 1; j < tokens.Count; j++)
        {
            if (!tokens[j].IsTrivia)
            {
                return j;
            }
        }

        return null;
    }

    private static int? PreviousSignificant(List<SqlToken> tokens, int? before = null)
    {
        for (var j = (before ?? tokens.Count) - 1; j >= 0; j--)
        {
            if (!tokens[j].IsTrivia)
            {
                return j;
            }
        }

        return null;
    }

    private static string Unquote(SqlToken token) =>
        token.Kind == SqlTokenKind.QuotedIdentifier ? token.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : token.Text;
}
