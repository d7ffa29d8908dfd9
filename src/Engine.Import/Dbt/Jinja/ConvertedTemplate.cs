namespace Engine.Import.Dbt.Jinja;

/// <summary>A template in Scriban, and the test, snapshot and docs blocks taken out of it.</summary>
public sealed record ConvertedTemplate(string Text, IReadOnlyList<TemplateBlock> Blocks);
