namespace Engine.Import.Dbt.Jinja;

/// <summary>The kinds of <see cref="ExpressionToken"/>.</summary>
public enum ExpressionTokenKind
{
    String,
    Number,
    Name,
    Operator,
}
