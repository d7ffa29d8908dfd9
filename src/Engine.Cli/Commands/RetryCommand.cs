using System.CommandLine;
using Engine.Cli.Composition;
using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine retry</c>, as dbt's: reads the last invocation's <c>target/run_results.json</c> and builds again exactly
/// what ended in error or failure and what was skipped because of it, with that invocation's command, target and
/// full refresh. Sources are not extracted or synced again: after <c>engine run</c>, only its build step is retried.
/// </summary>
public static class RetryCommand
{
    public static Command Create()
    {
        var command = new Command("retry", "Build again what the last build, run, seed, snapshot or test left in error, failed or skipped (from target/run_results.json)");
        command.Options.Add(BuildCommand.Threads);
        command.Options.Add(BuildCommand.LogFormat);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var bound = GlobalOptions.Bind(result);
            var previous = PreviousRun.Read(Path.Combine(Path.GetFullPath(bound.ProjectDirectory), "target"));
            var nodes = previous.Retryable;
            if (nodes.IsEmpty)
            {
                Console.WriteLine($"Nothing to retry: the last {previous.Command} ({previous.Results.StatusByNode.Count} nodes) left no error, failure or skipped node.");
                return ExitCodes.Success;
            }

            Console.WriteLine($"Retrying {nodes.Length} node{(nodes.Length == 1 ? string.Empty : "s")} of the last {previous.Command}: {string.Join(", ", nodes.Take(5))}{(nodes.Length > 5 ? ", ..." : string.Empty)}");
            var session = ProjectSession.Open(
                bound with { Target = bound.Target ?? previous.Target, FullRefresh = previous.FullRefresh, Nodes = nodes, Select = [], Exclude = [] },
                EngineComposition.Warehouses);
            var options = new PipelineOptions
            {
                Command = "retry",
                Threads = result.GetValue(BuildCommand.Threads) ?? previous.Threads,
                Build = new BuildOptions { FullRefresh = previous.FullRefresh, ResourceTypes = [.. Kinds(previous.Command)] },
            };
            var step = await PipelineRunner.RunStepAsync(new BuildStep(), new StepContext(session, options, BuildCommand.Observer(result, announceSteps: false), token)).ConfigureAwait(false);
            return ExitCodes.For(step.Status);
        });
        return command;
    }

    /// <summary>The kinds of node the retried command ran: <c>engine run</c> ends with a whole build.</summary>
    private static IEnumerable<ResourceType> Kinds(string command) => command switch
    {
        "seed" => [ResourceType.Seed],
        "snapshot" => [ResourceType.Snapshot],
        "test" => [ResourceType.Test],
        _ => BuildCommand.Everything,
    };
}
