namespace Engine.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
