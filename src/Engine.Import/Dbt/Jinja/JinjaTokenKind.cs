namespace Engine.Import.Dbt.Jinja;

/// <summary>What a piece of a Jinja template is: plain text, <c>{{ expression }}</c>, <c>{% statement %}</c> or <c>{# comment #}</c>.</summary>
public enum JinjaTokenKind
{
    Text,
    Expression,
    Statement,
    Comment,

    /// <summary>The text of a <c>{% raw %}</c> block, taken as written.</summary>
    Raw,
}
