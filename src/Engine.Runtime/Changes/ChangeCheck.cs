using System.Collections.Immutable;

namespace Engine.Runtime.Changes;

/// <summary>
/// A node's signature in this build and whether it may be skipped, with the reason either way. <see cref="ChangedInputs"/>
/// lists the inputs (unique ids) whose versions moved since the node's last successful build, when it had one.
/// </summary>
public sealed record ChangeCheck(bool Skip, string Reason, string SqlChecksum, string Inputs)
{
    public ImmutableArray<string> ChangedInputs { get; init; } = [];
}
