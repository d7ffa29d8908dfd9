using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Warehouse;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Snowflake;

namespace Engine.Core.Tests.Support;

/// <summary>
/// Runs the engine's stages the way a CLI command does (load → parse → compile), but hands back the
/// diagnostics instead of throwing, so tests can assert on every problem a stage reports.
/// </summary>
public static class ProjectPipeline
{
    /// <summary>A fixed run start, so that <c>run_started_at</c> renders the same text in every run.</summary>
    public static DateTimeOffset RunStartedAt { get; } = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    /// <summary>The adapters the CLI registers: target keys are theirs to validate, and each brings its dialect.</summary>
    public static WarehouseRegistry Warehouses { get; } = new([new PostgresAdapter(), new SnowflakeAdapter()]);

    public static (ProjectDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics) Load(TempProject project)
    {
        var bag = new DiagnosticBag();
        try
        {
            var definition = ProjectLoader.Load(project.Root, bag);
            Warehouses.Validate(definition.Config, bag);
            return (definition, bag.ToSortedList());
        }
        catch (ProjectException e)
        {
            return (null, [.. bag.ToSortedList().Concat(e.Diagnostics).Distinct()]);
        }
    }

    /// <summary>
    /// Loads and parses with hermetic options: no environment variables, the fixed run start, the dialect of
    /// the chosen target. <paramref name="configure"/> adjusts the options (vars, RelationExists, ...).
    /// </summary>
    public static (ParsedProject? Parsed, IReadOnlyList<Diagnostic> Diagnostics) Parse(
        TempProject project, Func<CompileOptions, CompileOptions>? configure = null, string? target = null)
    {
        var bag = new DiagnosticBag();
        try
        {
            var definition = ProjectLoader.Load(project.Root, bag);
            Warehouses.Validate(definition.Config, bag);
            var targetConfig = TargetResolver.Resolve(definition.Config, target);
            var options = new CompileOptions(targetConfig, Warehouses.DialectFor(targetConfig))
            {
                EnvironmentVariable = _ => null,
                RunStartedAt = RunStartedAt,
            };
            var parsed = ProjectParser.Parse(definition, configure?.Invoke(options) ?? options, bag);
            return (parsed, bag.ToSortedList());
        }
        catch (ProjectException e)
        {
            return (null, [.. bag.ToSortedList().Concat(e.Diagnostics).Distinct()]);
        }
    }

    /// <summary>Compiles the given nodes (every node when none are given).</summary>
    public static (CompiledProject Compiled, IReadOnlyList<Diagnostic> Diagnostics) Compile(
        ParsedProject parsed, IReadOnlyCollection<string>? selected = null)
    {
        var bag = new DiagnosticBag();
        var compiled = ProjectCompiler.Compile(parsed, selected ?? [.. parsed.Graph.Nodes.Keys], bag);
        return (compiled, bag.ToSortedList());
    }

    /// <summary>Parses and compiles a project that must be free of errors, failing the test with the diagnostics otherwise.</summary>
    public static CompiledProject CompileClean(
        TempProject project, Func<CompileOptions, CompileOptions>? configure = null, string? target = null)
    {
        var (parsed, parseDiagnostics) = Parse(project, configure, target);
        AssertNone(parseDiagnostics);
        var (compiled, compileDiagnostics) = Compile(parsed!);
        AssertNone(compileDiagnostics);
        return compiled;
    }

    /// <summary>The compiled SQL of one model (by name) of an error-free project.</summary>
    public static string CompileModel(
        IReadOnlyDictionary<string, string> files, string model, Func<CompileOptions, CompileOptions>? configure = null, string? target = null)
    {
        using var project = new TempProject(files);
        var compiled = CompileClean(project, configure, target);
        return compiled.Nodes.Single(n => n.Node.Name == model && n.Node.Type != ResourceType.Test).Sql;
    }

    public static void AssertNone(IReadOnlyList<Diagnostic> diagnostics) =>
        Xunit.Assert.True(diagnostics.Count == 0, "unexpected diagnostics:\n" + string.Join("\n", diagnostics.Select(d => d.Format())));
}
