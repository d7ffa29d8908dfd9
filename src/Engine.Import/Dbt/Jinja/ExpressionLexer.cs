namespace Engine.Import.Dbt.Jinja;

/// <summary>Splits a Jinja expression into tokens; whitespace only separates them.</summary>
public static class ExpressionLexer
{
    private static readonly string[] TwoCharOperators = ["==", "!=", "<=", ">=", "//", "**"];

    /// <summary>The tokens, or null when the expression holds a character Jinja would not accept either (an unclosed string).</summary>
    public static List<ExpressionToken>? Lex(string expression)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = i + 1;
                while (end < expression.Length && expression[end] != c)
                {
                    end += expression[end] == '\\' ? 2 : 1;
                }

                if (end >= expression.Length)
                {
                    return null;
                }

                tokens.Add(new ExpressionToken(ExpressionTokenKind.String, expression[i..(end + 1)]));
                i = end + 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < expression.Length && (char.IsAsciiDigit(expression[end]) || expression[end] is '.' or '_'))
                {
                    end++;
                }

                tokens.Add(new ExpressionToken(ExpressionTokenKind.Number, expression[i..end].Replace("_", string.Empty, StringComparison.Ordinal)));
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < expression.Length && (char.IsLetterOrDigit(expression[end]) || expression[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new ExpressionToken(ExpressionTokenKind.Name, expression[i..end]));
                i = end;
            }
            else
            {
                var two = i + 1 < expression.Length ? expression.Substring(i, 2) : string.Empty;
                var op = TwoCharOperators.Contains(two) ? two : c.ToString();
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Operator, op));
                i += op.Length;
            }
        }

        return tokens;
    }
}
