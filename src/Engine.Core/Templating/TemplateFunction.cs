using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>
/// An engine function callable from templates (<c>ref</c>, <c>source</c>, <c>config</c>, dialect helpers, ...).
/// Implemented directly on Scriban's interface so that errors carry the call's position. Scriban itself rejects a
/// wrong argument count before <see cref="Invoke"/> runs ("Invalid number of arguments ... while expecting ...").
/// </summary>
public sealed class TemplateFunction(string name, int minArgs, int maxArgs, Func<TemplateCall, object?> body) : IScriptCustomFunction
{
    public string Name { get; } = name;

    public int RequiredParameterCount => minArgs;

    public int ParameterCount => maxArgs;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType => typeof(object);

    /// <summary>Scriban pads optional arguments with their default; a sentinel default tells "not given" from an explicit null.</summary>
    public ScriptParameterInfo GetParameterInfo(int index) =>
        index < minArgs ? new(typeof(object), $"arg{index}") : new(typeof(object), $"arg{index}", NotGiven);

    private static readonly object NotGiven = new();

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        var given = arguments.Count;
        while (given > 0 && ReferenceEquals(arguments[given - 1], NotGiven))
        {
            given--;
        }

        if (given < arguments.Count)
        {
            var trimmed = new ScriptArray();
            for (var i = 0; i < given; i++)
            {
                trimmed.Add(arguments[i]);
            }

            arguments = trimmed;
        }

        var sqlContext = (SqlTemplateContext)context;
        var call = new TemplateCall(Name, sqlContext, callerContext ?? sqlContext.CurrentNode!, arguments);
        return body(call);
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));
}
