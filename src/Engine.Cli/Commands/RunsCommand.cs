using System.CommandLine;
using Engine.Cli.Output;
using Engine.Orchestration.State;

namespace Engine.Cli.Commands;

/// <summary><c>engine runs [--limit N] [--output text|json]</c> and <c>engine runs show ID</c>: the run history of the state store.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var limit = new Option<int>("--limit", "-n") { Description = "How many of the latest runs to list", DefaultValueFactory = _ => 20 };
        var output = OutputFormatOption.TextOrJson();
        var command = new Command("runs", "List the latest runs of the project (newest first): status, trigger, start, duration, partitions, steps");
        command.Options.Add(limit);
        command.Options.Add(output);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var count = result.GetValue(limit);
            if (count < 1)
            {
                Console.Error.WriteLine("error ENG0001: --limit must be at least 1");
                return ExitCodes.BadProject;
            }

            var runs = await RunHistory.ListAsync(GlobalOptions.Open(result), count, TimeProvider.System, token).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                RunHistoryOutput.PrintJson(stdout, runs);
            }
            else
            {
                RunHistoryOutput.PrintTable(Console.Out, runs);
            }

            return ExitCodes.Success;
        });

        var id = new Argument<long>("id") { Description = "The run's id, as engine runs lists it" };
        var showOutput = OutputFormatOption.TextOrJson();
        var show = new Command("show", "Show one run: its steps, every node with status, rows and time, and its error");
        show.Arguments.Add(id);
        show.Options.Add(showOutput);
        CommandGuard.SetAction(show, async (result, token) =>
        {
            var run = await RunHistory.ShowAsync(GlobalOptions.Open(result), result.GetValue(id), TimeProvider.System, token).ConfigureAwait(false);
            if (result.GetValue(showOutput) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                RunHistoryOutput.PrintRunJson(stdout, run);
            }
            else
            {
                RunHistoryOutput.PrintRun(Console.Out, run);
            }

            return ExitCodes.Success;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
