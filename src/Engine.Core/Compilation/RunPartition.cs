using System.Globalization;

namespace Engine.Core.Compilation;

/// <summary>
/// The partition a run processes, as templates read it (<c>{{ partition.key }}</c>, <c>{{ partition.start }}</c>,
/// <c>{{ partition.end }}</c>): the window [<see cref="Start"/>, <see cref="End"/>) in UTC. A run covering several
/// consecutive partitions (a batched backfill) has the whole range as its window and no single <see cref="Key"/>.
/// </summary>
public sealed record RunPartition(string? Key, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>How a window's bounds render into SQL: a literal PostgreSQL and Snowflake both read as timestamptz.</summary>
    public static string Literal(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss+00:00", CultureInfo.InvariantCulture);
}
