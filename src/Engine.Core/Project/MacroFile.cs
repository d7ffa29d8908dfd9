using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>A macros/*.sql file: Scriban <c>func</c> definitions callable from every model and test.</summary>
public sealed record MacroFile(string RelativePath, string FilePath, string Text, SourceLocation Location);
