using System.Collections.Immutable;
using Engine.Core.Loading;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>
/// The parse pass without rendering, for templates simple enough to read (dbt's "static parser"): raw SQL,
/// <c>ref</c>/<c>source</c>/<c>config</c> with literal arguments, <c>this</c>, <c>is_incremental()</c> branches and
/// calls of macros that only print their parameters. Anything else (variables, loops, pipes, other functions)
/// returns null and the template is rendered as before, so the DAG is the same either way.
/// </summary>
public static class StaticParseAnalyzer
{
    public static StaticParseResult? TryAnalyze(SqlTemplate template, TemplateEnvironment environment)
    {
        var walker = new Walker(template.FilePath, environment);
        return walker.Block(template.Page.Body) ? new StaticParseResult([.. walker.Refs], [.. walker.Sources], [.. walker.Config]) : null;
    }

    private sealed class Walker(string filePath, TemplateEnvironment environment)
    {
        public List<RefCall> Refs { get; } = [];

        public List<SourceCall> Sources { get; } = [];

        public List<ConfigEntry> Config { get; } = [];

        public bool Block(ScriptBlockStatement? block) => block is null || block.Statements.All(Statement);

        private bool Statement(ScriptStatement statement) => statement switch
        {
            ScriptRawStatement or ScriptEscapeStatement or ScriptEndStatement => true,
            ScriptExpressionStatement e => Expression(e.Expression),
            // The parse pass renders with is_incremental() false: only the else branch runs.
            ScriptIfStatement { Condition: ScriptFunctionCall { Target: ScriptVariableGlobal { Name: "is_incremental" }, Arguments.Count: 0 } } branch =>
                branch.Else switch
                {
                    null => true,
                    ScriptElseStatement otherwise => Block(otherwise.Body),
                    _ => false,
                },
            _ => false,
        };

        private bool Expression(ScriptExpression? expression) => expression switch
        {
            ScriptThisExpression => true,
            ScriptMemberExpression { Target: ScriptThisExpression, Member: ScriptVariable { Name: "schema" or "identifier" or "database" } } => true,
            ScriptFunctionCall call when call.Target is ScriptVariableGlobal target => Call(target.Name, call),
            _ => false,
        };

        private bool Call(string name, ScriptFunctionCall call)
        {
            var args = call.Arguments;
            var location = TemplateErrors.ToLocation(call.Span, filePath);
            switch (name)
            {
                case "ref" when args.Count == 1 && args[0] is ScriptLiteral { Value: string model }:
                    Refs.Add(new RefCall(null, model, location));
                    return true;
                case "source" when args.Count == 2 && args[0] is ScriptLiteral { Value: string source } && args[1] is ScriptLiteral { Value: string table }:
                    Sources.Add(new SourceCall(source, table, location));
                    return true;
                case "config" when args.Count == 1 && args[0] is ScriptObjectInitializerExpression values:
                    return ConfigEntries(values, location);
                case "is_incremental":
                    return args.Count == 0;
                default:
                    return environment.IsPrintOnlyMacro(name, args.Count) && args.All(a => a is ScriptLiteral);
            }
        }

        private bool ConfigEntries(ScriptObjectInitializerExpression values, Diagnostics.SourceLocation location)
        {
            var entries = new List<ConfigEntry>();
            foreach (var member in values.Members)
            {
                var key = member.Name switch
                {
                    ScriptVariable v => v.Name,
                    ScriptLiteral { Value: string s } => s,
                    _ => null,
                };
                if (key is null || !TryLiteral(member.Value, out var value))
                {
                    return false;
                }

                entries.Add(new ConfigEntry(key, value, location));
            }

            Config.AddRange(entries);
            return true;
        }

        private static bool TryLiteral(ScriptExpression? expression, out object? value)
        {
            switch (expression)
            {
                case ScriptLiteral literal:
                    value = ScriptValues.ToPlain(literal.Value);
                    return true;
                case ScriptArrayInitializerExpression array when array.Values.All(v => v is ScriptLiteral):
                    value = array.Values.Select(v => ScriptValues.ToPlain(((ScriptLiteral)v).Value)).ToImmutableArray();
                    return true;
                default:
                    value = null;
                    return false;
            }
        }
    }
}
