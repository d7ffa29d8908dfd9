using System.Collections.Immutable;
using System.CommandLine;
using Engine.Cli.Output;
using Engine.Core.Project;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine build | run | seed | snapshot | test</c>: the same runner over different kinds of node.
/// <c>engine run</c> ends with the same build (RunCommand).
/// </summary>
public static class BuildCommand
{
    public static Option<int?> Threads { get; } = new("--threads")
    {
        Description = "How many independent nodes run at once (default: the target's threads)",
    };

    public static Option<bool> FullRefresh { get; } = new("--full-refresh")
    {
        Description = "Rebuild incremental models and materialized views from scratch",
    };

    public static Option<bool> FailFast { get; } = new("--fail-fast")
    {
        Description = "Stop the whole build at the first error or failing test",
    };

    public static Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "text (default) or json: one JSON event per line, for CI",
        DefaultValueFactory = _ => "text",
    };

    public static Command Create(string name, string description, params ResourceType[] kinds)
    {
        var command = new Command(name, description);
        AddOptions(command);

        CommandGuard.SetAction(command, async (result, token) =>
        {
            var session = ProjectSession.Open(GlobalOptions.Bind(result) with { FullRefresh = result.GetValue(FullRefresh) });
            var (exit, _) = await ExecuteAsync(session, result, name, kinds, countRows: false, token).ConfigureAwait(false);
            return exit;
        });
        return command;
    }

    /// <summary>Adds the build options to another command (<c>engine run</c> builds as its last step).</summary>
    public static void AddOptions(Command command)
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
        foreach (var option in new Option[] { GlobalOptions.Select, GlobalOptions.Exclude, Threads, FullRefresh, FailFast, LogFormat })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Builds the selected nodes of the given kinds and prints the summary; returns the exit code and, when the build
    /// ran, its outcome (with row counts when <paramref name="countRows"/>).
    /// </summary>
    public static async Task<(int Exit, BuildOutcome? Outcome)> ExecuteAsync(
        ProjectSession session, ParseResult result, string name, IReadOnlyCollection<ResourceType> kinds, bool countRows, CancellationToken token)
    {
        var threads = result.GetValue(Threads) ?? session.Target.Threads;
        if (threads < 1)
        {
            Console.Error.WriteLine($"error ENG0001: --threads must be at least 1, not {threads}");
            return (ExitCodes.BadProject, null);
        }

        var options = new BuildOptions
        {
            Threads = threads,
            FullRefresh = result.GetValue(FullRefresh),
            FailFast = result.GetValue(FailFast),
            ResourceTypes = [.. kinds],
            CountRows = countRows,
        };
        var json = result.GetValue(LogFormat) == "json";
        IBuildObserver reporter = json ? new JsonBuildReporter() : new ConsoleBuildReporter();
        if (!json)
        {
            Console.WriteLine($"Running with target '{session.Target.Name}' ({session.Target.Type}), {threads} thread{(threads == 1 ? string.Empty : "s")}");
        }

        var outcome = await ProjectBuild.RunAsync(session, options, reporter, name, token).ConfigureAwait(false);

        return (outcome.BadInput ? ExitCodes.BadProject : outcome.Failed ? ExitCodes.RunFailed : ExitCodes.Success, outcome);
    }

    public static ImmutableArray<ResourceType> Everything { get; } = [ResourceType.Seed, ResourceType.Model, ResourceType.Snapshot, ResourceType.Test];

    public static ImmutableArray<Command> CreateAll() =>
    [
        Create("build", "Build seeds, models and snapshots in DAG order, each followed by its tests; a failure skips everything downstream", ResourceType.Seed, ResourceType.Model, ResourceType.Snapshot, ResourceType.Test),
        Create("seed", "Load the CSV files in seeds/", ResourceType.Seed),
        Create("snapshot", "Run the SCD2 snapshots in models/snapshots/", ResourceType.Snapshot),
        Create("test", "Run data tests against what is in the warehouse", ResourceType.Test),
    ];
}
