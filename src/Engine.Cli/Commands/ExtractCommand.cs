using System.CommandLine;
using System.Globalization;
using Engine.Cli.Composition;
using Engine.Cli.Output;
using Engine.Connectors.Strava;
using Engine.Core.Diagnostics;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine extract</c>: Strava athletes and activities into the staging database, incrementally. Progress goes to
/// stderr, the summary to stdout; exit 1 when an athlete stopped or failed (committed pages stay, a rerun resumes).
/// </summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var athlete = new Option<string?>("--athlete") { Description = "Extract only this athlete (a name of STRAVA__ATHLETES__<NAME> or of 'engine auth strava')" };
        var partition = new Option<string?>("--partition") { Description = "One UTC day, YYYY-MM-DD: activities started that day (plus the lookback)" };
        var from = new Option<string?>("--from") { Description = "First UTC day of a range, YYYY-MM-DD" };
        var to = new Option<string?>("--to") { Description = "Last UTC day of a range (inclusive), YYYY-MM-DD" };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Fetch the whole history (or range) again instead of what changed since the last run" };
        var command = new Command("extract", "Extract Strava athletes and activities into the staging database (the Strava sandbox when no credentials are set)");
        command.Options.Add(athlete);
        command.Options.Add(partition);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(fullRefresh);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            var request = Request(result.GetValue(partition), result.GetValue(from), result.GetValue(to)) with
            {
                Athlete = result.GetValue(athlete),
                FullRefresh = result.GetValue(fullRefresh),
            };
            var options = new PipelineOptions { Command = "extract", Extract = request, StravaStandIn = StravaSandboxStandIn.StartAsync };
            var context = new StepContext(GlobalOptions.Open(result), options, new ConsolePipelineObserver(new ConsoleBuildReporter(), announceSteps: false), token);
            var step = await PipelineRunner.RunStepAsync(new ExtractStep(), context).ConfigureAwait(false);
            return ExitCodes.For(step.Status);
        }));
        return command;
    }

    public static ExtractRequest Request(string? partition, string? from, string? to)
    {
        if (partition is not null && (from is not null || to is not null))
        {
            throw new StravaExtractException(DiagnosticCodes.StravaExtractOption, "give either --partition or --from/--to, not both");
        }

        var first = Day(partition ?? from, partition is null ? "--from" : "--partition");
        var last = partition is not null ? first : Day(to, "--to");
        if (first > last)
        {
            throw new StravaExtractException(DiagnosticCodes.StravaExtractOption, $"--from {first:yyyy-MM-dd} is after --to {last:yyyy-MM-dd}");
        }

        return new ExtractRequest { From = first, To = last };
    }

    private static DateOnly? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new StravaExtractException(DiagnosticCodes.StravaExtractOption, $"{option} '{text}' is not a date in the form YYYY-MM-DD");
}
