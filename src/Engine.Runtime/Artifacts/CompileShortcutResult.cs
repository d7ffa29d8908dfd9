using System.Collections.Immutable;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>What a compile continued by <see cref="CompileShortcut"/> did, for the command to print as a full compile does.</summary>
public sealed record CompileShortcutResult(
    int Files,
    int Written,
    string Directory,
    ImmutableArray<(ResourceType Type, int Count)> Counts,
    string TargetName,
    string TargetType,
    int ModelsRead,
    TimeSpan Elapsed)
{
    /// <summary>Seconds per step, shown by <c>--debug</c>.</summary>
    public ImmutableArray<(string Phase, TimeSpan Elapsed)> Timings { get; init; } = [];
}
