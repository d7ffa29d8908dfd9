namespace Snowflake.Sandbox.Execution;

internal enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Space,
    Comment,
    Symbol,
}

/// <summary>One lexical token of a statement; <see cref="Text"/> is exactly as written (or as rewritten).</summary>
internal sealed record SqlToken(SqlTokenKind Kind, string Text)
{
    public bool IsWord(string upper) => Kind == SqlTokenKind.Word && string.Equals(Text, upper, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public bool IsTrivia => Kind is SqlTokenKind.Space or SqlTokenKind.Comment;
}
