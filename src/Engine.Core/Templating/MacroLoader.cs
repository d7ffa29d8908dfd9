using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>Runs each macros/*.sql file once and copies the functions it defines into the shared globals.</summary>
public static class MacroLoader
{
    public static IReadOnlyList<string> Load(IEnumerable<MacroFile> files, TemplateEnvironment environment, DiagnosticBag bag)
    {
        var names = new List<string>();
        var definedIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var template = Template.Parse(file.Text, file.FilePath);
            if (template.HasErrors)
            {
                bag.AddRange(template.Messages.Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error)
                    .Select(m => TemplateErrors.FromParse(m, file.FilePath)));
                continue;
            }

            var scope = new ScriptObject();
            var context = new SqlTemplateContext(new NodeRenderState(file.RelativePath, file.FilePath, RenderMode.Parse), environment);
            context.PushGlobal(environment.Globals);
            context.PushGlobal(scope);
            try
            {
                template.Render(context);
            }
            catch (ScriptRuntimeException e)
            {
                bag.Add(TemplateErrors.FromRuntime(e, file.FilePath));
                continue;
            }

            foreach (var (name, value) in scope)
            {
                var location = new SourceLocation(file.FilePath, 1, 1);
                if (value is not ScriptFunction function)
                {
                    continue;
                }

                location = TemplateErrors.ToLocation(function.Span, file.FilePath);
                if (environment.Globals.TryGetValue(name, out var existing) && existing is TemplateFunction)
                {
                    bag.Error(DiagnosticCodes.DuplicateName, $"macro '{name}' would hide the engine function of the same name; rename it", location);
                    continue;
                }

                if (!definedIn.TryAdd(name, file.FilePath))
                {
                    bag.Error(DiagnosticCodes.DuplicateName, $"macro '{name}' is also defined in {definedIn[name]}", location);
                    continue;
                }

                environment.Globals.SetValue(name, function, readOnly: true);
                if (IsPrintOnly(function))
                {
                    environment.PrintOnlyMacros[name] = (function.RequiredParameterCount, function.ParameterCount);
                }

                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>A macro whose body only prints text and its own parameters: calling it cannot ref, fail or branch.</summary>
    private static bool IsPrintOnly(ScriptFunction function)
    {
        if (function.Body is not ScriptBlockStatement body)
        {
            return false;
        }

        var parameters = function.Parameters?.Select(p => p.Name?.Name ?? string.Empty).ToHashSet(StringComparer.Ordinal) ?? [];
        return body.Statements.All(statement => statement switch
        {
            ScriptRawStatement or ScriptEscapeStatement or ScriptEndStatement => true,
            ScriptExpressionStatement { Expression: ScriptVariable v } => parameters.Contains(v.Name),
            _ => false,
        });
    }
}
