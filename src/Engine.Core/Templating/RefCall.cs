using Engine.Core.Diagnostics;

namespace Engine.Core.Templating;

/// <summary>A <c>ref('name')</c> (or <c>ref('project', 'name')</c>) found while rendering, with where it was written.</summary>
public sealed record RefCall(string? Package, string Name, SourceLocation Location);
