using System.Collections.Immutable;
using Engine.Core.Compilation;

namespace Engine.Runtime.DataTests;

/// <summary>
/// The unique keys an incremental model's run merged (or deleted and inserted), as SQL literals, so that its tests can
/// look at those rows only. Kept for small runs only: a run that writes more checks its tests over the whole table.
/// </summary>
public sealed record WrittenRows(Relation Relation, ImmutableArray<string> KeyColumns, ImmutableArray<ImmutableArray<string>> Keys)
{
    /// <summary>More keys than this and the tests read the whole table: an IN list this long is no cheaper than a scan.</summary>
    public const int MaxKeys = 10_000;
}
