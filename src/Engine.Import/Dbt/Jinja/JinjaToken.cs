namespace Engine.Import.Dbt.Jinja;

/// <summary>
/// One piece of a Jinja template. <see cref="Content"/> is the text between the delimiters without the whitespace-control
/// dashes; <see cref="TrimLeft"/>/<see cref="TrimRight"/> say whether they were written (<c>{%-</c>, <c>-%}</c>).
/// </summary>
public sealed record JinjaToken(JinjaTokenKind Kind, string Content, bool TrimLeft, bool TrimRight, int Line, int Column, string Raw);
