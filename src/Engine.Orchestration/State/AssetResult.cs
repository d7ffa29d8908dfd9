namespace Engine.Orchestration.State;

/// <summary>One asset a run built (or failed to), for one partition (empty when unpartitioned).</summary>
public sealed record AssetResult(string Asset, string PartitionKey, string Status, bool Succeeded)
{
    public long? Rows { get; init; }
}
