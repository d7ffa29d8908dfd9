using System.Collections.Immutable;
using Engine.Core.Project;
using Engine.Runtime.Changes;

namespace Engine.Runtime.Execution;

/// <summary>How a build runs: which kinds of node it runs, how many at once, and when it stops.</summary>
public sealed record BuildOptions
{
    public int Threads { get; init; } = 4;
    public bool FullRefresh { get; init; }
    public bool FailFast { get; init; }

    /// <summary>Skip nodes whose SQL and inputs are unchanged (off: <c>--no-skip-unchanged</c>). Needs <see cref="NodeStates"/>.</summary>
    public bool SkipUnchanged { get; init; } = true;

    /// <summary>Where what each node was built from is kept between builds; null: changes are not tracked, every node runs.</summary>
    public INodeStateStore? NodeStates { get; init; }

    /// <summary>Count the rows of every relation built successfully, once the build is over (engine run's summary).</summary>
    public bool CountRows { get; init; }

    /// <summary>The kinds of node this command runs: everything for build, only tests for test, and so on.</summary>
    public ImmutableHashSet<ResourceType> ResourceTypes { get; init; } =
        [ResourceType.Model, ResourceType.Seed, ResourceType.Snapshot, ResourceType.Test, ResourceType.Exposure];
}
