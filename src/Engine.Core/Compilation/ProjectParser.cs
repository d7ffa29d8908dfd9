using System.Collections.Concurrent;
using Engine.Core.Compilation.Caching;
using Engine.Core.Compilation.Dashboards;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>
/// The parse pass: renders every template once to learn its refs, sources and config, builds the nodes,
/// links them into a DAG and reports every problem found along the way.
/// </summary>
public static class ProjectParser
{
    /// <param name="cache">The previous compile's parse results, used for files whose text and inputs are unchanged; null parses every file.</param>
    /// <param name="timings">When given, receives the time of each step (shown by <c>--debug</c>).</param>
    public static ParsedProject Parse(
        ProjectDefinition project, CompileOptions options, DiagnosticBag bag, CompileCache? cache = null, List<(string Step, TimeSpan Elapsed)>? timings = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var vars = project.Config.Vars.SetItems(options.Vars);
        var environment = new TemplateEnvironment(project.Name, options.Target, options.Dialect, vars, options.EnvironmentVariable, options.RunStartedAt, options.Partition);
        environment.LoadMacros(project.Macros, bag);

        var parsed = new ConcurrentBag<ParsedNode>();
        var disabled = new ConcurrentDictionary<string, ModelDefinition>(StringComparer.Ordinal);
        var failed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        Parallel.ForEach(project.Models, model =>
        {
            if (ParseModel(model, project, options, environment, cache, bag) is not { } node)
            {
                failed[model.Name] = true;
            }
            else
            {
                if (node.Node.Config!.IsEnabled)
                {
                    parsed.Add(node);
                }
                else
                {
                    disabled[model.Name] = model;
                }
            }
        });

        Parallel.ForEach(project.SingularTests, test =>
        {
            if (ParseSingularTest(test, project, environment, bag) is { } node)
            {
                parsed.Add(node);
            }
        });

        foreach (var seed in project.Seeds.Where(s => s.Config.IsEnabled))
        {
            parsed.Add(new ParsedNode(SeedNode(seed, project, options.Target)));
        }

        foreach (var table in project.Sources.SelectMany(s => s.Tables.Select(t => (Source: s, Table: t))))
        {
            parsed.Add(new ParsedNode(SourceNode(table.Source, table.Table, project)));
        }

        foreach (var dashboard in project.Dashboards)
        {
            parsed.Add(DashboardParser.Parse(dashboard, project, environment, bag));
        }

        var nodes = parsed.ToList();
        var modelsParsed = clock.Elapsed;
        nodes.AddRange(TestNodeFactory.Create(project, nodes, bag));
        nodes.AddRange(UnitTestNodeFactory.Create(project, nodes, bag));
        var testsMade = clock.Elapsed;
        var linked = DependencyLinker.Link(project, nodes, disabled, bag, failed.Keys.ToHashSet(StringComparer.Ordinal));
        var graph = new ProjectGraph(linked.Select(n => n.Node));
        timings?.AddRange([("parse: models", modelsParsed), ("parse: tests", testsMade - modelsParsed), ("parse: link", clock.Elapsed - testsMade)]);
        return new ParsedProject(project, options, environment, graph, linked.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal)) { Cache = cache };
    }

    private static ParsedNode? ParseModel(
        ModelDefinition model, ProjectDefinition project, CompileOptions options, TemplateEnvironment environment, CompileCache? cache, DiagnosticBag bag)
    {
        var calls = cache?.TryParse(model.FilePath, model.Source.Hash, environment.EnvironmentVariable) ?? ParseCalls(model, environment, cache, bag);
        if (calls is null)
        {
            return null;
        }

        var config = model.Config.Merge(ModelConfigReader.Read(calls.Config, bag, $"config of '{model.Name}'"));
        ModelConfigValidator.Validate(model, config, options.Dialect, bag);
        var relation = config.Materialized == Materializations.Ephemeral
            ? null
            : new Relation(config.Database ?? options.Target.Database, config.Schema ?? options.Target.Schema, config.Alias ?? model.Name);
        var node = new GraphNode(NodeIds.For(model.Type, project.Name, model.Name), model.Name, model.Type, model.RelativePath, model.Location)
        {
            Fqn = model.Fqn,
            Tags = config.Tags,
            Config = config,
            Relation = relation,
            Description = model.Description,
            Columns = model.Columns,
            Contract = config.ContractEnforced == true
                ? new ModelContract(true, model.Columns, [.. model.Columns.SelectMany(c => c.Constraints), .. model.Constraints])
                : null,
        };
        return new ParsedNode(node)
        {
            Template = model.Source,
            Refs = calls.Refs,
            Sources = calls.Sources,
            ConfigCalls = calls.Config,
            PropertiesFile = model.YamlLocation?.FilePath,
        };
    }

    private static StaticParseResult? ParseCalls(ModelDefinition model, TemplateEnvironment environment, CompileCache? cache, DiagnosticBag bag)
    {
        var (calls, reads) = ParseCalls(model.Name, model.FilePath, model.RawSql, environment, bag);
        if (calls is not null)
        {
            cache?.RecordParse(model.FilePath, model.Source, calls, reads);
        }

        return calls;
    }

    /// <summary>
    /// A model template's ref, source and config calls, by static analysis where it suffices, otherwise by a render in
    /// parse mode; with the environment variables that render read. Null calls when the template fails (reported in the bag).
    /// </summary>
    public static (StaticParseResult? Calls, IReadOnlyList<(string Name, string? Value)> Reads) ParseCalls(
        string name, string filePath, string text, TemplateEnvironment environment, DiagnosticBag bag)
    {
        var template = SqlTemplate.Parse(text, filePath, bag);
        if (template is null)
        {
            return (null, []);
        }

        if (StaticParseAnalyzer.TryAnalyze(template, environment) is { } analyzed)
        {
            return (analyzed, []);
        }

        var state = new NodeRenderState(name, filePath, RenderMode.Parse);
        return template.Render(environment, state, bag) is null
            ? (null, [])
            : (new StaticParseResult([.. state.Refs], [.. state.Sources], [.. state.Config]), state.EnvironmentReads);
    }

    private static ParsedNode? ParseSingularTest(SingularTestDefinition test, ProjectDefinition project, TemplateEnvironment environment, DiagnosticBag bag)
    {
        var template = SqlTemplate.Parse(test.RawSql, test.FilePath, bag);
        var state = new NodeRenderState(test.Name, test.FilePath, RenderMode.Parse);
        if (template is null || template.Render(environment, state, bag) is null)
        {
            return null;
        }

        var node = new GraphNode(NodeIds.For(ResourceType.Test, project.Name, test.Name), test.Name, ResourceType.Test, test.RelativePath, test.Location)
        {
            Fqn = [project.Name, test.Name],
            TestConfig = test.Config,
            Tags = test.Config.Tags,
        };
        return new ParsedNode(node) { TemplateText = test.RawSql, Refs = [.. state.Refs], Sources = [.. state.Sources] };
    }

    private static GraphNode SeedNode(SeedDefinition seed, ProjectDefinition project, TargetConfig target) =>
        new(NodeIds.For(ResourceType.Seed, project.Name, seed.Name), seed.Name, ResourceType.Seed, seed.RelativePath, seed.Location)
        {
            Fqn = seed.Fqn,
            Tags = seed.Config.Tags,
            Config = seed.Config,
            Relation = new Relation(seed.Config.Database ?? target.Database, seed.Config.Schema ?? target.Schema, seed.Config.Alias ?? seed.Name),
            Description = seed.Description,
        };

    private static GraphNode SourceNode(SourceDefinition source, SourceTableDefinition table, ProjectDefinition project) =>
        new(NodeIds.Source(project.Name, source.Name, table.Name), table.Name, ResourceType.Source, SourcesFileReader.FileName, table.Location)
        {
            Fqn = [project.Name, source.Name, table.Name],
            Relation = new Relation(source.Database, source.Schema, table.Identifier),
            Description = table.Description ?? source.Description,
        };
}
