using System.Text;

namespace Engine.Import.Dbt.Jinja;

/// <summary>An open Jinja block: its kind (if, for, macro, set, test, snapshot, docs, kept:call ...), where it began, and for a block taken out its text so far, name and parameters.</summary>
internal sealed record TemplateFrame(string Kind, int Line, StringBuilder? Capture, string? Name, IReadOnlyList<string>? Parameters);
