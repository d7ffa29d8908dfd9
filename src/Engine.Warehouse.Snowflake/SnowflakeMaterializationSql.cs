using Engine.Core.Compilation;
using Engine.Warehouse.Ansi;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// The statements of each materialization on Snowflake. DDL commits by itself there and a SQL API request is its own
/// session, so: a replaced table is built beside the old one and put in place with <c>swap with</c> (one atomic
/// statement); a view is <c>create or replace</c>d; the "temporary" tables of incremental and snapshot runs are transient
/// tables in the target schema that the session drops when the node's work ends.
/// </summary>
public sealed class SnowflakeMaterializationSql : AnsiMaterializationSql
{
    /// <summary>How the statements creating a node's scratch tables begin; the session drops those tables afterwards.</summary>
    public const string ScratchTablePrefix = "create or replace transient table /* engine scratch */ ";

    private readonly bool _transient;

    /// <param name="transient">Tables without Fail-safe and Time Travel beyond a day, as dbt-snowflake creates by default.</param>
    public SnowflakeMaterializationSql(SnowflakeDialect dialect, bool transient = true)
        : base(dialect) => _transient = transient;

    public static SnowflakeMaterializationSql Instance { get; } = new(SnowflakeDialect.Instance);

    protected override string CreateVerb => "create or replace";

    protected override string TableKeyword => _transient ? "transient table" : "table";

    /// <summary>Savepoints do not exist in a SQL API request; a statement that does nothing keeps the sequence.</summary>
    public override string Savepoint(string name) => "select 1";

    public override string RollbackToSavepoint(string name) => "select 1";

    protected override string ColumnType(string dataType) => SnowflakeTypes.FromSeed(dataType);

    protected override string CreateScratchTable(string name) => $"{ScratchTablePrefix}{Q(name)}";

    /// <summary>Snowflake keeps materialized views current by itself; asking for their rows is all a refresh can do.</summary>
    public override string RefreshMaterializedView(Relation target) => $"select count(*) from {R(target)}";

    /// <summary>The new name is qualified: an unqualified one would move the relation into the session's schema.</summary>
    public override string Rename(Relation relation, RelationKind kind, string newIdentifier) =>
        $"alter {Keyword(kind)} {R(relation)} rename to {R(relation with { Identifier = newIdentifier })}";

    public string Swap(Relation target, Relation staged) => $"alter table {R(target)} swap with {R(staged)}";

    /// <summary>Snowflake grants to roles, naming the object's kind.</summary>
    public override string Grant(Relation relation, RelationKind kind, string privilege, string grantee) =>
        $"grant {privilege} on {Keyword(kind)} {R(relation)} to role {Q(grantee)}";

    public override string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null) =>
        (uniqueKey.Count == 1
            ? $"delete from {R(target)} as {Dest}\nwhere {Dest}.{Q(uniqueKey[0])} in (select {Q(uniqueKey[0])} from {Q(source)})"
            : $"delete from {R(target)} as {Dest}\nusing {Q(source)} as {Src}\nwhere {string.Join(" and ", uniqueKey.Select(k => $"{Dest}.{Q(k)} = {Src}.{Q(k)}"))}")
        + string.Concat((predicates ?? []).Select(p => $"\n  and ({p})"));
}
