namespace Engine.Core.Diagnostics;

/// <summary>A bad project or configuration: the CLI prints the diagnostics and exits 2, without a stack trace.</summary>
public sealed class ProjectException : Exception
{
    public ProjectException(IReadOnlyList<Diagnostic> diagnostics)
        : base(diagnostics.Count == 0 ? "invalid project" : diagnostics[0].Format())
    {
        Diagnostics = diagnostics;
    }

    public ProjectException(Diagnostic diagnostic)
        : this([diagnostic])
    {
    }

    public ProjectException(string code, string message, SourceLocation? location = null)
        : this(Diagnostic.Error(code, message, location))
    {
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
