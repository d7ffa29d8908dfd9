namespace Engine.Import.Dbt.Jinja;

/// <summary>A token of a Jinja expression: a string literal (with its quotes), a number, a name or an operator.</summary>
public sealed record ExpressionToken(ExpressionTokenKind Kind, string Text)
{
    public bool Is(string op) => Kind == ExpressionTokenKind.Operator && Text == op;

    public bool IsName(string name) => Kind == ExpressionTokenKind.Name && Text == name;
}
