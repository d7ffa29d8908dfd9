using System.Collections.Immutable;

namespace Engine.Core.Project;

/// <summary>Configuration of a data test: how its failing rows are judged and kept.</summary>
public sealed record TestConfig
{
    public static TestConfig Default { get; } = new();

    public string Severity { get; init; } = "error";
    public string? Where { get; init; }
    public int? Limit { get; init; }
    public string WarnIf { get; init; } = "!= 0";
    public string ErrorIf { get; init; } = "!= 0";
    public bool StoreFailures { get; init; }

    /// <summary>
    /// On an incremental model's incremental run: <c>new_rows</c> (the default for unique, not_null, accepted_values and
    /// relationships) checks only the rows the run wrote (unique: those rows and any row sharing their value); <c>all</c>
    /// checks the whole table every time.
    /// </summary>
    public string? IncrementalScope { get; init; }
    public bool Enabled { get; init; } = true;
    public ImmutableArray<string> Tags { get; init; } = [];

    public bool Equals(TestConfig? other) =>
        other is not null && Severity == other.Severity && Where == other.Where && Limit == other.Limit
        && WarnIf == other.WarnIf && ErrorIf == other.ErrorIf && StoreFailures == other.StoreFailures && IncrementalScope == other.IncrementalScope
        && Enabled == other.Enabled && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(Severity, Where, Limit, WarnIf, ErrorIf, StoreFailures, Enabled);
}
