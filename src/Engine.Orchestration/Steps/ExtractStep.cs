using Engine.Connectors.Strava;

namespace Engine.Orchestration.Steps;

/// <summary><c>extract</c>: Strava athletes and activities into the staging database, incrementally.</summary>
public sealed class ExtractStep : IPipelineStep
{
    public const string StepName = "extract";

    public string Name => StepName;

    public async Task<StepResult> RunAsync(StepContext context)
    {
        var (session, options, observer, token) = context;
        await using var extractor = await StravaExtraction.OpenAsync(session, options.StravaStandIn, observer.Notice, token).ConfigureAwait(false);
        var summary = await extractor.RunAsync(options.Extract, observer.ExtractProgress, token).ConfigureAwait(false);
        observer.ExtractFinished(summary);
        var detail = $"{summary.Activities:N0} activities ({summary.Inserted:N0} new, {summary.Updated:N0} changed), {summary.Requests} requests ({summary.Reads} reads){(summary.AthletesCoveredByRemainingDaily is { } covered ? $", today's remaining budget covers {covered:N0} more athletes" : string.Empty)}";
        return new StepResult(Name, summary.Complete ? StepStatus.Succeeded : StepStatus.Failed, TimeSpan.Zero, detail) { Extract = summary };
    }
}
