using Scriban.Parsing;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>A misuse of an engine function; its message is shown as is, at the call's position.</summary>
public sealed class TemplateFunctionException(SourceSpan span, string message, string code = Diagnostics.DiagnosticCodes.TemplateRuntime)
    : ScriptRuntimeException(span, message)
{
    public string Code { get; } = code;
}
