using System.CommandLine;
using Engine.Cli.Composition;
using Engine.Core.Compilation;
using Engine.Runtime.Sessions;

namespace Engine.Cli.Commands;

/// <summary>Options every verb accepts, declared once and bound into <see cref="SessionOptions"/>.</summary>
public static class GlobalOptions
{
    public static Option<string> ProjectDir { get; } = new("--project-dir")
    {
        Description = "The project directory (holding pipeline.yml); default: project/, or the current directory when it holds pipeline.yml",
        DefaultValueFactory = _ => !Directory.Exists("project") && File.Exists("pipeline.yml") ? "." : "project",
        Recursive = true,
    };

    public static Option<string?> Target { get; } = new("--target", "-t")
    {
        Description = "The target from pipeline.yml to use (default: the project's 'target:')",
        Recursive = true,
    };

    public static Option<string?> Vars { get; } = new("--vars")
    {
        Description = "Variables as YAML or JSON, overriding pipeline.yml's vars: --vars '{\"start_date\": \"2024-01-01\"}'",
        Recursive = true,
    };

    public static Option<bool> Debug { get; } = new("--debug")
    {
        Description = "Show stack traces and internal detail",
        Recursive = true,
    };

    public static Option<string[]> Select { get; } = new("--select", "-s")
    {
        Description = "Nodes to include: name, +name, name+, 2+name, name+1, @name, tag:x, path:models/dwh, resource_type:model; space = union, comma = intersection",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Nodes to leave out, in the same syntax as --select",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> State { get; } = new("--state")
    {
        Description = "A previous run's artifacts (a directory holding manifest.json and run_results.json), for state:modified, state:new, state:modified.body|configs|relation, result:error|fail|warn|success|skipped and --defer",
    };

    public static Option<bool> Defer { get; } = new("--defer")
    {
        Description = "With --state: refs to unselected parents this target does not hold resolve to the relations in the state's manifest",
    };

    public static Option<bool> FavorState { get; } = new("--favor-state")
    {
        Description = "With --defer: refs to unselected parents resolve to the state's relations even when this target holds them",
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(ProjectDir);
        root.Options.Add(Target);
        root.Options.Add(Vars);
        root.Options.Add(Debug);
    }

    /// <summary>Opens the project named by the options, with the warehouse adapters the composition root registers.</summary>
    /// <param name="partition">The run's window (<c>--event-time-start/--event-time-end</c>, a partition), or null.</param>
    public static ProjectSession Open(ParseResult result, bool fullRefresh = false, RunPartition? partition = null) =>
        ProjectSession.Open(Bind(result) with { FullRefresh = fullRefresh, Partition = partition }, EngineComposition.Warehouses);

    public static SessionOptions Bind(ParseResult result) => new(result.GetValue(ProjectDir) ?? "project")
    {
        Target = result.GetValue(Target),
        Vars = result.GetValue(Vars),
        Select = result.GetValue(Select) ?? [],
        Exclude = result.GetValue(Exclude) ?? [],
        StateDirectory = result.GetValue(State),
        Defer = result.GetValue(Defer),
        FavorState = result.GetValue(FavorState),
    };
}
