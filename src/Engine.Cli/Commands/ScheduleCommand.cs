using System.CommandLine;
using Engine.Cli.Output;
using Engine.Orchestration.State;
using Engine.Orchestration.Status;

namespace Engine.Cli.Commands;

/// <summary><c>engine schedule ls [--ticks N]</c>: the schedules of pipeline.yml with their next ticks in their time zones.</summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var schedule = new Command("schedule", "Commands about the schedules of pipeline.yml");
        var ticks = new Option<int>("--ticks") { Description = "How many next ticks to show per schedule", DefaultValueFactory = _ => 3 };
        var ls = new Command("ls", "List the schedules with their next ticks") { Aliases = { "list" } };
        ls.Options.Add(ticks);
        CommandGuard.SetAction(ls, async (result, token) =>
        {
            var session = GlobalOptions.Open(result);
            var store = await StateStore.TryOpenAsync(session, TimeProvider.System, token).ConfigureAwait(false);
            var schedules = await StatusReader.SchedulesAsync(session, store, TimeProvider.System, Math.Max(1, result.GetValue(ticks)), token).ConfigureAwait(false);
            StatusOutput.PrintSchedules(Console.Out, schedules);
            return ExitCodes.Success;
        });
        schedule.Subcommands.Add(ls);
        return schedule;
    }
}
