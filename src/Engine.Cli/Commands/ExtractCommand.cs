using System.CommandLine;
using System.Globalization;
using Engine.Connectors.Strava;
using Engine.Core.Diagnostics;
using Engine.Runtime.Sessions;

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
            return await ExecuteAsync(ProjectSession.Open(GlobalOptions.Bind(result)), request, token).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>Runs one extract and prints its summary.</summary>
    public static async Task<int> ExecuteAsync(ProjectSession session, ExtractRequest request, CancellationToken token) =>
        (await RunAsync(session, request, token).ConfigureAwait(false)).Complete ? ExitCodes.Success : ExitCodes.RunFailed;

    /// <summary>Runs one extract, prints its summary and returns it; also the extract step of <c>engine run</c>.</summary>
    public static async Task<ExtractSummary> RunAsync(ProjectSession session, ExtractRequest request, CancellationToken token)
    {
        await using var extractor = await StravaExtraction.OpenAsync(session, Console.WriteLine, token).ConfigureAwait(false);
        var summary = await extractor.RunAsync(request, new ConsoleProgress(), token).ConfigureAwait(false);
        Print(summary);
        return summary;
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

    private static void Print(ExtractSummary summary)
    {
        Console.WriteLine($"{"athlete",-12} {"id",12} {"status",-9} {"pages",5} {"activities",10} {"new",6} {"changed",7} {"requests",8}");
        foreach (var a in summary.Athletes)
        {
            Console.WriteLine($"{a.Athlete,-12} {a.AthleteId,12} {a.Status,-9} {a.Pages,5} {a.Activities,10} {a.Inserted,6} {a.Updated,7} {a.Requests,8}");
            if (a.Reason is not null)
            {
                Console.WriteLine($"  {(a.Code is null ? string.Empty : $"{a.Code}: ")}{a.Reason}");
            }
        }

        var state = summary.Complete ? "Extracted" : "Extract stopped early:";
        Console.WriteLine($"{state} {summary.Activities} activities ({summary.Inserted} new, {summary.Updated} changed) of {summary.Athletes.Length} athletes " +
            $"with {summary.Requests} requests in {summary.Elapsed.TotalSeconds:F1}s{(summary.UsedSandbox ? " from the Strava sandbox" : string.Empty)}");
    }

    /// <summary>One line per page on stderr (progress for people; the summary on stdout is for scripts).</summary>
    private sealed class ConsoleProgress : IProgress<ExtractProgress>
    {
        public void Report(ExtractProgress value) => Console.Error.WriteLine(value.Notice is { } notice
            ? $"{value.Athlete}: {notice}"
            : $"{value.Athlete}: page {value.Pages}, {value.Activities} activities; rate limit left {value.RateLimitLeft15Min?.ToString(CultureInfo.InvariantCulture) ?? "?"}/15min, {value.RateLimitLeftDaily?.ToString(CultureInfo.InvariantCulture) ?? "?"}/day");
    }
}
