namespace Engine.Runtime.Changes;

/// <summary>A node's signature in this build and whether it may be skipped, with the reason either way.</summary>
public sealed record ChangeCheck(bool Skip, string Reason, string SqlChecksum, string Inputs);
