using System.Collections.Immutable;
using Engine.Core.Project;

namespace Engine.Runtime.Execution;

/// <summary>How a build runs: which kinds of node it runs, how many at once, and when it stops.</summary>
public sealed record BuildOptions
{
    public int Threads { get; init; } = 4;
    public bool FullRefresh { get; init; }
    public bool FailFast { get; init; }

    /// <summary>Count the rows of every relation built successfully, once the build is over (engine run's summary).</summary>
    public bool CountRows { get; init; }

    /// <summary>The kinds of node this command runs: everything for build, only tests for test, and so on.</summary>
    public ImmutableHashSet<ResourceType> ResourceTypes { get; init; } =
        [ResourceType.Model, ResourceType.Seed, ResourceType.Snapshot, ResourceType.Test, ResourceType.Exposure];
}
