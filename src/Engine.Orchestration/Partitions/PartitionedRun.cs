using Engine.Connectors.Strava;
using Engine.Core.Compilation;
using Engine.Orchestration.Backfills;
using Engine.Orchestration.Pipeline;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Partitions;

/// <summary>
/// <c>engine run --partition KEY</c>: the key is resolved by the project's partitions definition into a window, which
/// the extract step uses as its <c>after</c>/<c>before</c> and templates read as <c>{{ partition.* }}</c>.
/// </summary>
public static class PartitionedRun
{
    /// <summary>The session and options of a run of one partition.</summary>
    /// <exception cref="Core.Diagnostics.ProjectException">No partitions definition to resolve the key by, or a bad key.</exception>
    public static (ProjectSession Session, PipelineOptions Options, PartitionWindow Window) For(
        ProjectSession session, PipelineOptions options, string key, string? partitions)
    {
        var definition = BackfillPlanner.Definition(session.Definition.Config.Orchestration, partitions);
        var window = BackfillPlanner.Parse(definition, key, "--partition");
        var runSession = ProjectSession.Open(session.Options with { Partition = new RunPartition(window.Key, window.Start, window.End) }, session.Warehouses);
        return (runSession, options with { Extract = Extract(options.Extract, window.Start, window.End) }, window);
    }

    /// <summary>The extract works in UTC days: a window maps to the days it touches.</summary>
    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The extract request of a window.</summary>
    public static ExtractRequest Extract(ExtractRequest request, DateTimeOffset start, DateTimeOffset end) =>
        request with { From = Day(start), To = Day(end.AddTicks(-1)) };
}
