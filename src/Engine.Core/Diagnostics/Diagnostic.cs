namespace Engine.Core.Diagnostics;

/// <summary>One user-facing problem, printed MSBuild-style so editors and CI annotate the right line.</summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation? Location)
{
    public static Diagnostic Error(string code, string message, SourceLocation? location) =>
        new(code, DiagnosticSeverity.Error, message, location);

    public static Diagnostic Warning(string code, string message, SourceLocation? location) =>
        new(code, DiagnosticSeverity.Warning, message, location);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Formats as <c>file(line,col): error CODE: message</c>, with paths shown relative to <paramref name="baseDirectory"/>.</summary>
    public string Format(string? baseDirectory = null)
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        if (Location is null)
        {
            return $"{severity} {Code}: {Message}";
        }

        var path = baseDirectory is null ? Location.FilePath : Path.GetRelativePath(baseDirectory, Location.FilePath);
        return $"{path}({Location.Line},{Location.Column}): {severity} {Code}: {Message}";
    }

    public override string ToString() => Format();
}
