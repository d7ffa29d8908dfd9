using System.CommandLine;
using Engine.Cli.Composition;
using Engine.Cli.Output;
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
    public static Command Create()
    {
        var partition = new Option<string?>("--partition") { Description = "One UTC day, YYYY-MM-DD, passed to the extract step" };
        var command = new Command("run", "Run the pipeline: the steps of pipeline.yml (extract -> sync -> build), then a summary");
        command.Options.Add(partition);
        BuildCommand.AddOptions(command);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            var session = GlobalOptions.Open(result, result.GetValue(BuildCommand.FullRefresh));
            if (BuildCommand.Options(result, "run", BuildCommand.Everything, countRows: true) is not { } options)
            {
                return ExitCodes.BadProject;
            }

            options = options with
            {
                Extract = ExtractCommand.Request(result.GetValue(partition), null, null),
                StravaStandIn = StravaSandboxStandIn.StartAsync,
            };
            var start = new RunStart(RunTrigger.Manual, "run")
            {
                Steps = [.. StepCatalog.For(session.Definition.Config).Select(s => s.Name)],
                PartitionKeys = result.GetValue(partition) is { } key ? [key] : [],
            };
            var outcome = await RunRecorder.RunAsync(session, options, start, BuildCommand.Observer(result, announceSteps: true), TimeProvider.System, token).ConfigureAwait(false);
            PipelineSummary.Print(Console.Out, outcome);
            return ExitCodes.For(outcome.Status);
        }));
        return command;
    }
}
