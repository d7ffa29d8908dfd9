namespace Engine.Core.Diagnostics;

/// <summary>A position in a project file. Line and column are 1-based, as editors show them.</summary>
public sealed record SourceLocation(string FilePath, int Line, int Column)
{
    public static SourceLocation File(string filePath) => new(filePath, 1, 1);

    public override string ToString() => $"{FilePath}({Line},{Column})";
}
