namespace Engine.Import.Dbt.Jinja;

/// <summary>A block taken out of a template: its kind, name, parameter names (tests) and converted body.</summary>
public sealed record TemplateBlock(TemplateBlockKind Kind, string Name, IReadOnlyList<string> Parameters, string Body, int Line);
