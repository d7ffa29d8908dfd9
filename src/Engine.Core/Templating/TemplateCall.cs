using Engine.Core.Diagnostics;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>One call of an engine function from a template: its arguments and where it was written.</summary>
public sealed class TemplateCall(string function, SqlTemplateContext context, ScriptNode caller, ScriptArray arguments)
{
    public string Function { get; } = function;

    public SqlTemplateContext Context { get; } = context;

    public NodeRenderState State => Context.State;

    public TemplateEnvironment Environment => Context.Environment;

    public ScriptArray Arguments { get; } = arguments;

    public SourceSpan Span => caller.Span;

    public SourceLocation Location => TemplateErrors.ToLocation(caller.Span, State.FilePath);

    public int Count => Arguments.Count;

    /// <summary>A failure that Scriban reports at the call's position in the template.</summary>
    public ScriptRuntimeException Fail(string message) => new TemplateFunctionException(Span, message);

    public string String(int index, string parameter)
    {
        var value = index < Arguments.Count ? Arguments[index] : null;
        return value switch
        {
            string s => s,
            null => throw Fail($"{Function}(): '{parameter}' is missing"),
            ScriptArray or ScriptObject => throw Fail($"{Function}(): '{parameter}' must be a single value"),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    public IReadOnlyList<string> StringList(int index, string parameter)
    {
        var value = index < Arguments.Count ? Arguments[index] : null;
        return value switch
        {
            ScriptArray array => [.. array.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "null")],
            string s => [s],
            null => throw Fail($"{Function}(): '{parameter}' is missing"),
            _ => throw Fail($"{Function}(): '{parameter}' must be a list of column expressions"),
        };
    }
}
