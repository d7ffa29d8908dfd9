using System.Collections.Immutable;
using Engine.Core.Graph;

namespace Engine.Core.Compilation;

/// <summary>A node's SQL exactly as it will run (ephemeral CTEs injected), and where it was written.</summary>
public sealed record CompiledNode(GraphNode Node, string Sql)
{
    /// <summary>Path of the compiled file, relative to the project directory.</summary>
    public string? CompiledPath { get; init; }

    /// <summary>The window a microbatch model replaces (delete+insert of <c>event_time</c> in it), or null.</summary>
    public MicrobatchWindow? EventTimeWindow { get; init; }

    /// <summary>The pre-hooks rendered with the node's context (this, ref, source, is_incremental), in order.</summary>
    public ImmutableArray<string> PreHooks { get; init; } = [];

    /// <summary>The post-hooks, rendered like <see cref="PreHooks"/>.</summary>
    public ImmutableArray<string> PostHooks { get; init; } = [];

    /// <summary>
    /// What the node is built from without this run's own values, for deciding whether it is up to date: its SQL and
    /// hooks with <c>run_started_at</c> as a placeholder, and for an incremental model both branches of
    /// <c>is_incremental()</c> (a first build and a later run are the same definition). Null when the node reads no
    /// such value: then its SQL and hooks are the definition.
    /// </summary>
    public string? Definition { get; init; }

    /// <summary>A unit test's inputs, added as CTEs in front of <see cref="Sql"/> when it runs.</summary>
    public ImmutableArray<UnitTestFixture> UnitTestFixtures { get; init; } = [];
}
