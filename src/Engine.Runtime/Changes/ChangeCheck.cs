using System.Collections.Immutable;

namespace Engine.Runtime.Changes;

/// <summary>
/// A node's signature in this build and whether it may be skipped, with the reason either way. <see cref="ChangedInputs"/>
/// lists the inputs (unique ids) whose versions moved since the node's last successful build, when it had one.
/// </summary>
public sealed record ChangeCheck(bool Skip, string Reason, string SqlChecksum, string Inputs)
{
    public ImmutableArray<string> ChangedInputs { get; init; } = [];

    /// <summary>
    /// The node runs only because inputs changed: its SQL is the one its relation was last built from (the record with
    /// that checksum is written only after a successful build and removed before the relation changes).
    /// </summary>
    public bool SqlAsBuilt { get; init; }
}
