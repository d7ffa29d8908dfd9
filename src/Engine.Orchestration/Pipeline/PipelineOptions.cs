using System.Collections.Immutable;
using Engine.Connectors.Cdc;
using Engine.Connectors.Strava;
using Engine.Core.Project.Orchestration;
using Engine.Runtime.Execution;

namespace Engine.Orchestration.Pipeline;

/// <summary>How one pipeline run (or one step run alone, as <c>engine extract</c> does) is to run.</summary>
public sealed record PipelineOptions
{
    /// <summary>The command that asked (<c>run</c>, <c>build</c>, ...), recorded in the artifacts.</summary>
    public string Command { get; init; } = "run";

    public ExtractRequest Extract { get; init; } = new();

    /// <summary>
    /// What the extract step uses when no Strava credentials are configured; the composition root decides (the CLI
    /// starts the Strava sandbox). Null: no credentials is an error.
    /// </summary>
    public Func<CancellationToken, Task<StravaStandIn>>? StravaStandIn { get; init; }

    /// <summary>Only this source for the sync step (null: every source with a <c>cdc:</c> block).</summary>
    public string? SyncSource { get; init; }

    public CdcMode SyncMode { get; init; } = CdcMode.Drain;

    public bool SyncReset { get; init; }

    /// <summary>The build step's options; <see cref="BuildOptions.Threads"/> null means the target's threads.</summary>
    public BuildOptions Build { get; init; } = new();

    public int? Threads { get; init; }

    /// <summary>When another run of the project is in progress: wait for it (true), or fail at once (<c>--no-wait</c>).</summary>
    public bool WaitForOtherRuns { get; init; } = true;

    /// <summary>The steps to run instead of pipeline.yml's <c>steps:</c> (a schedule's own), or null.</summary>
    public ImmutableArray<StepDeclaration>? Steps { get; init; }
}
