using Engine.Core.Diagnostics;
using Scriban.Parsing;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>Maps Scriban's spans and exceptions onto diagnostics at the template's file, line and column.</summary>
public static class TemplateErrors
{
    public static SourceLocation ToLocation(SourceSpan span, string fallbackFile) =>
        new(string.IsNullOrEmpty(span.FileName) ? fallbackFile : span.FileName, span.Start.Line + 1, span.Start.Column + 1);

    public static Diagnostic FromParse(LogMessage message, string file) =>
        Diagnostic.Error(DiagnosticCodes.TemplateSyntax, $"template syntax: {message.Message}", ToLocation(message.Span, file));

    public static Diagnostic FromRuntime(ScriptRuntimeException e, string file)
    {
        var code = e is TemplateFunctionException f ? f.Code : DiagnosticCodes.TemplateRuntime;
        var message = e.OriginalMessage;
        if (e is not TemplateFunctionException && message.Contains("was not found", StringComparison.Ordinal))
        {
            code = DiagnosticCodes.UnknownMacro;
        }

        return Diagnostic.Error(code, message, ToLocation(e.Span, file));
    }
}
