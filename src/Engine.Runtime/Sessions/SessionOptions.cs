using Engine.Core.Compilation;

namespace Engine.Runtime.Sessions;

/// <summary>The global command-line options every command shares.</summary>
public sealed record SessionOptions(string ProjectDirectory)
{
    public string? Target { get; init; }

    public string? Vars { get; init; }

    public IReadOnlyList<string> Select { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public bool FullRefresh { get; init; }

    /// <summary>Unique ids to run exactly, instead of <see cref="Select"/> (<c>engine retry</c>); null otherwise.</summary>
    public IReadOnlyList<string>? Nodes { get; init; }

    /// <summary><c>--state DIR</c>: a previous run's artifacts, compared by <c>state:</c> selectors; null when not given.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// <c>--defer</c>: refs to unselected parents the target does not hold resolve to the relations in
    /// <see cref="StateDirectory"/>'s manifest.
    /// </summary>
    public bool Defer { get; init; }

    /// <summary><c>--favor-state</c>: with <see cref="Defer"/>, unselected parents resolve to the state's relations even when the target holds them.</summary>
    public bool FavorState { get; init; }

    /// <summary>
    /// Reuse, and afterwards update, target/partial_compile.bin: files and nodes whose inputs are unchanged since the
    /// last compile are not parsed or rendered again (<c>engine compile</c>).
    /// </summary>
    public bool PartialCompile { get; init; }

    /// <summary>With <see cref="PartialCompile"/>: start from an empty cache (<c>--no-partial-compile</c>), then write it.</summary>
    public bool IgnoreCompileCache { get; init; }

    /// <summary>The partition the run processes (<c>{{ partition.* }}</c> in templates), or null.</summary>
    public RunPartition? Partition { get; init; }
}
