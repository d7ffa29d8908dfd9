using System.CommandLine;
using Engine.Cli.Composition;
using Engine.Cli.Output;
using Engine.Orchestration.Partitions;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
using Engine.Orchestration.Steps;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine run</c>: the pipeline (Engine.Orchestration's <see cref="PipelineRunner"/>) over the steps of pipeline.yml,
/// then a summary.
/// </summary>
public static class RunCommand
{
    /// <summary>Fail at once, exit 1, when another run of the project is in progress, instead of waiting for it.</summary>
    public static Option<bool> NoWait { get; } = new("--no-wait") { Description = "When another run of the project is in progress, exit 1 instead of waiting" };

    public static Command Create()
    {
        var partition = new Option<string?>("--partition")
        {
            Description = "A partition key of pipeline.yml's partitions (e.g. 2024-01-15): the extract window and {{ partition.* }} in models",
        };
        var partitions = new Option<string?>("--partitions") { Description = "The partitions definition the key belongs to (needed when pipeline.yml declares several)" };
        var command = new Command("run", "Run the pipeline: the steps of pipeline.yml (extract -> sync -> build), then a summary");
        command.Options.Add(partition);
        command.Options.Add(partitions);
        command.Options.Add(NoWait);
        BuildCommand.AddOptions(command);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            var session = GlobalOptions.Open(result, result.GetValue(BuildCommand.FullRefresh), BuildCommand.EventTimeWindow(result));
            if (BuildCommand.Options(result, "run", BuildCommand.Everything, countRows: true) is not { } options)
            {
                return ExitCodes.BadProject;
            }

            options = options with { StravaStandIn = StravaSandboxStandIn.StartAsync, WaitForOtherRuns = !result.GetValue(NoWait) };
            if (result.GetValue(partition) is { } key)
            {
                // A project without partitions definitions keeps the older meaning: one UTC day for the extract.
                if (session.Definition.Config.Orchestration.Partitions.IsEmpty)
                {
                    options = options with { Extract = ExtractCommand.Request(key, null, null) };
                }
                else
                {
                    (session, options, _) = PartitionedRun.For(session, options, key, result.GetValue(partitions));
                }
            }

            var start = new RunStart(RunTrigger.Manual, "run")
            {
                Steps = [.. StepCatalog.For(session.Definition.Config).Select(s => s.Name)],
                PartitionKeys = result.GetValue(partition) is { } partitionKey ? [partitionKey] : [],
            };
            var outcome = await RunRecorder.RunAsync(session, options, start, BuildCommand.Observer(result, announceSteps: true), TimeProvider.System, token).ConfigureAwait(false);
            PipelineSummary.Print(Console.Out, outcome);
            return ExitCodes.For(outcome.Status);
        }));
        return command;
    }
}
