using System.Collections.Immutable;
using System.Globalization;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>
/// Compiles a unit test: the model's template rendered with each ref and source replaced by a CTE of the given rows,
/// wrapped in the dialect's comparison with the expected rows. The input CTEs themselves are added when the test
/// runs, once their relations' column types are known.
/// </summary>
public static class UnitTestCompiler
{
    public static CompiledNode? Compile(ParsedProject project, GraphResolver resolver, ParsedNode parsed, DiagnosticBag bag)
    {
        var test = parsed.UnitTest!;
        var dialect = project.Options.Dialect;
        var model = project.Nodes[parsed.TestedNodeId!];
        if (test.Expect.Format == "sql")
        {
            bag.Error(DiagnosticCodes.InvalidValue, $"unit test '{test.Name}': 'expect' in format sql is not supported yet; give its rows as dict or csv", test.Location);
            return null;
        }

        var fixtures = parsed.UnitTestInputs.Select(pair => new UnitTestFixture(
            dialect.QuoteIdentifier($"__engine_unit__{pair.Key.Replace(':', '_').Replace('.', '_')}"), resolver.InputRelationText(pair.Key), pair.Value.Rows)).ToImmutableArray();
        var ctes = parsed.UnitTestInputs.Keys.Zip(fixtures, (key, f) => (key, f.CteName)).ToDictionary(p => p.key, p => p.CteName, StringComparer.Ordinal);
        var state = new NodeRenderState(model.Node.Name, model.Node.FilePath, RenderMode.Compile)
        {
            This = model.Node.Relation,
            ThisText = resolver.RelationText(model.Node),
            IsIncremental = test.IsIncremental,
            InputOverrides = ctes,
            VarOverrides = test.Vars,
        };
        var body = SqlTemplate.Parse(model.TemplateText!, model.Node.FilePath, bag)?.Render(project.Environment, state, bag);
        if (body is null)
        {
            return null;
        }

        if (state.MissingInputs.Count > 0)
        {
            bag.Error(DiagnosticCodes.MissingKey,
                $"unit test '{test.Name}': model '{test.Model}' reads {string.Join(", ", state.MissingInputs.Distinct())}, which 'given' does not provide; a unit test reads no warehouse table",
                test.Location);
            return null;
        }

        var columns = test.Expect.Columns;
        var expected = dialect.UnitTestExpectedRows(columns, [.. test.Expect.Rows.Select(row => columns.Select(c => Literal(row.GetValueOrDefault(c))).ToList())]);
        var sql = dialect.UnitTestComparison(body, expected, columns);
        return new CompiledNode(parsed.Node, sql) { UnitTestFixtures = fixtures };
    }

    /// <summary>A YAML value as the text of its SQL literal's content; null stays null.</summary>
    public static string? Literal(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => YamlPlain.Describe(value),
    };
}
