using System.Collections.Immutable;
using Engine.Orchestration.Pipeline;

namespace Engine.Orchestration.Backfills;

/// <summary>
/// A finished (or stopped) backfill: its id in the state store, whether it resumed an earlier one, the partitions done
/// before this attempt and skipped as filled, and the runs this attempt started (it stops at the first that fails).
/// </summary>
public sealed record BackfillOutcome(long BackfillId, bool Resumed, int Total, int AlreadyDone, int Skipped, ImmutableArray<PipelineOutcome> Runs)
{
    public bool Succeeded => Runs.All(r => r.Succeeded);

    /// <summary>The outcome that decides the exit code: the failed run, else the last one.</summary>
    public PipelineOutcome? Deciding => Runs.FirstOrDefault(r => !r.Succeeded) ?? Runs.LastOrDefault();
}
