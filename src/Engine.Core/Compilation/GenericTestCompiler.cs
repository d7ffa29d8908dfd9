using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>Builds the query of a generic test: built-in ones (dbt's and dbt_utils') from the dialect, custom ones from tests/generic/.</summary>
public static class GenericTestCompiler
{
    public static string? Compile(ParsedProject project, GraphResolver resolver, ParsedNode parsed, GenericTestDefinition test, DiagnosticBag bag)
    {
        var dialect = project.Options.Dialect;
        var tested = project.Graph[parsed.TestedNodeId!];
        var relation = resolver.RelationText(tested);
        if (test.Config.Where is { } where)
        {
            // As dbt does: the test reads a filtered subquery in place of the model.
            relation = $"(select * from {relation} where {where}) dbt_subquery";
        }

        var column = test.ColumnName ?? (test.Arguments.TryGetValue("column_name", out var c) ? YamlPlain.Describe(c) : string.Empty);
        if (test.DbtUtilsTest is not null)
        {
            return DbtUtilsTestCompiler.Compile(project, resolver, parsed, test, relation, column, bag);
        }

        switch (test.TestName)
        {
            case "unique":
                return dialect.UniqueTest(relation, column);
            case "not_null":
                return dialect.NotNullTest(relation, column);
            case "accepted_values":
                var values = test.Arguments.GetValueOrDefault("values") as IEnumerable<object?> ?? [];
                var quote = test.Arguments.GetValueOrDefault("quote") is not false;
                return dialect.AcceptedValuesTest(relation, column, [.. values.Where(v => v is not null).Select(YamlPlain.Describe)], quote, values.Any(v => v is null));
            case "relationships":
                var state = new NodeRenderState(parsed.Node.Name, parsed.Node.FilePath, RenderMode.Compile);
                var parent = parsed.Refs.Length > 0 ? resolver.ResolveRef(state, parsed.Refs[0]) : resolver.ResolveSource(state, parsed.Sources[0]);
                var field = YamlPlain.Describe(test.Arguments.GetValueOrDefault("field"));
                return dialect.RelationshipsTest(relation, column, parent, field);
            default:
                return Custom(project, parsed, test, relation, column, bag);
        }
    }

    private static string? Custom(ParsedProject project, ParsedNode parsed, GenericTestDefinition test, string relation, string column, DiagnosticBag bag)
    {
        var definition = project.Definition.GenericTestTemplates.First(t => t.Name == test.TestName);
        var template = project.GenericTemplates.GetOrAdd(definition.Name, _ => SqlTemplate.Parse(definition.RawSql, definition.FilePath, bag));
        if (template is null)
        {
            return null;
        }

        var locals = new Dictionary<string, object?>(test.Arguments, StringComparer.Ordinal)
        {
            ["model"] = relation,
            ["column_name"] = column,
        };
        var state = new NodeRenderState(parsed.Node.Name, definition.FilePath, RenderMode.Compile) { Locals = locals, ThisText = relation };
        return template.Render(project.Environment, state, bag);
    }
}
