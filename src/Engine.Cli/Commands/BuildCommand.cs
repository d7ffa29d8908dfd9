using System.Collections.Immutable;
using System.CommandLine;
using Engine.Cli.Output;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;

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

    public static Option<bool> NoSkipUnchanged { get; } = new("--no-skip-unchanged")
    {
        Description = "Run every selected node, also those whose SQL and inputs are unchanged since their last build",
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

    public static Option<string?> EventTimeStart { get; } = new("--event-time-start")
    {
        Description = "Microbatch models replace [start, end) only (a date or a UTC timestamp); with --event-time-end",
    };

    public static Option<string?> EventTimeEnd { get; } = new("--event-time-end") { Description = "The end (excluded) of --event-time-start's window" };

    /// <summary>The window of <c>--event-time-start/--event-time-end</c>, or null when neither is given.</summary>
    /// <exception cref="ProjectException">Only one is given, a value is not a date, or the window is empty.</exception>
    public static RunPartition? EventTimeWindow(ParseResult result)
    {
        var (start, end) = (result.GetValue(EventTimeStart), result.GetValue(EventTimeEnd));
        if (start is null && end is null)
        {
            return null;
        }

        if (start is null || end is null)
        {
            throw new ProjectException(DiagnosticCodes.InvalidValue, "--event-time-start and --event-time-end go together: give both", null);
        }

        var from = MicrobatchWindow.ParseBegin(start) ?? throw new ProjectException(DiagnosticCodes.InvalidValue, $"--event-time-start '{start}' is not a date (2024-01-01) or a UTC timestamp (2024-01-01 06:00:00)", null);
        var to = MicrobatchWindow.ParseBegin(end) ?? throw new ProjectException(DiagnosticCodes.InvalidValue, $"--event-time-end '{end}' is not a date (2024-01-01) or a UTC timestamp (2024-01-01 06:00:00)", null);
        return from < to ? new RunPartition(null, from, to)
            : throw new ProjectException(DiagnosticCodes.InvalidValue, $"--event-time-end {end} is not after --event-time-start {start}", null);
    }

    public static Command Create(string name, string description, params ResourceType[] kinds)
    {
        var command = new Command(name, description);
        AddOptions(command);

        CommandGuard.SetAction(command, async (result, token) =>
        {
            var session = GlobalOptions.Open(result, result.GetValue(FullRefresh), EventTimeWindow(result));
            if (Options(result, name, kinds, countRows: false) is not { } options)
            {
                return ExitCodes.BadProject;
            }

            var step = await PipelineRunner.RunStepAsync(new BuildStep(), new StepContext(session, options, Observer(result, announceSteps: false), token)).ConfigureAwait(false);
            return ExitCodes.For(step.Status);
        });
        return command;
    }

    /// <summary>Adds the build options to another command (<c>engine run</c> builds as its last step).</summary>
    public static void AddOptions(Command command)
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
        foreach (var option in new Option[] { GlobalOptions.Select, GlobalOptions.Exclude, GlobalOptions.State, GlobalOptions.Defer, GlobalOptions.FavorState, Threads, FullRefresh, NoSkipUnchanged, FailFast, LogFormat, EventTimeStart, EventTimeEnd })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The build options as given on the command line, or null (after printing why) when they are invalid.</summary>
    public static PipelineOptions? Options(ParseResult result, string name, IReadOnlyCollection<ResourceType> kinds, bool countRows)
    {
        var threads = result.GetValue(Threads);
        if (threads < 1)
        {
            Console.Error.WriteLine($"error ENG0001: --threads must be at least 1, not {threads}");
            return null;
        }

        return new PipelineOptions
        {
            Command = name,
            Threads = threads,
            Build = new BuildOptions
            {
                FullRefresh = result.GetValue(FullRefresh),
                FailFast = result.GetValue(FailFast),
                SkipUnchanged = !result.GetValue(NoSkipUnchanged),
                ResourceTypes = [.. kinds],
                CountRows = countRows,
            },
        };
    }

    /// <summary>The console observer, with the build reporter --log-format asks for.</summary>
    public static ConsolePipelineObserver Observer(ParseResult result, bool announceSteps)
    {
        var json = result.GetValue(LogFormat) == "json";
        return new ConsolePipelineObserver(json ? new JsonBuildReporter() : new ConsoleBuildReporter(), announceSteps, json);
    }

    public static ImmutableArray<ResourceType> Everything { get; } = [ResourceType.Seed, ResourceType.Model, ResourceType.Snapshot, ResourceType.Test, ResourceType.Exposure];

    public static ImmutableArray<Command> CreateAll() =>
    [
        Create("build", "Build seeds, models and snapshots in DAG order, each followed by its tests, then check every dashboard's queries; a failure skips everything downstream", ResourceType.Seed, ResourceType.Model, ResourceType.Snapshot, ResourceType.Test, ResourceType.Exposure),
        Create("seed", "Load the CSV files in seeds/", ResourceType.Seed),
        Create("snapshot", "Run the SCD2 snapshots in models/snapshots/", ResourceType.Snapshot),
        Create("test", "Run data tests against what is in the warehouse", ResourceType.Test),
    ];
}
