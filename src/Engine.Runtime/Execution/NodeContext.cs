using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Warehouse;

namespace Engine.Runtime.Execution;

/// <summary>One node being executed on one session. Statement errors come back located in the compiled file.</summary>
public sealed class NodeContext
{
    public NodeContext(BuildUnit unit, IWarehouseSession session, BuildContext build, CancellationToken cancellationToken)
    {
        Unit = unit;
        Session = session;
        Build = build;
        CancellationToken = cancellationToken;
    }

    public BuildUnit Unit { get; }

    public GraphNode Node => Unit.Node;

    public Relation Relation => Node.Relation ?? throw new InvalidOperationException($"{Node.UniqueId} has no relation");

    /// <summary>The relation as people write it, <c>schema.name</c> (the database is the target's).</summary>
    public string DisplayName => $"{Relation.Schema}.{Relation.Identifier}";

    public string Sql => Unit.Compiled?.Sql ?? throw new InvalidOperationException($"{Node.UniqueId} was not compiled");

    public IWarehouseSession Session { get; }

    public BuildContext Build { get; }

    public IMaterializationSql Statements => Build.Warehouse.Sql;

    public CancellationToken CancellationToken { get; }

    /// <summary>Statements that took the most rows, shown as the node's result (<c>SELECT 5844</c>).</summary>
    public StatementResult? Response { get; set; }

    public List<string> Warnings { get; } = [];

    /// <summary>Why the node runs, when the build tracks changes.</summary>
    public Changes.ChangeCheck? Change { get; init; }

    /// <summary>Set when the node's new relation held the same rows as the old one, which was kept.</summary>
    public bool ContentsUnchanged { get; set; }

    /// <summary>Set when a hook that ran may have changed the relation's rows (see <see cref="RunHooksAsync"/>).</summary>
    public bool HooksChangedRows { get; private set; }

    /// <summary>Whether a rebuilt relation with unchanged contents is kept instead of swapped: when builds track changes and nothing forces.</summary>
    public bool KeepWhenUnchanged => Build.Changes is { Forced: false };

    /// <summary>The node's relation as the build found it, or null when it does not exist yet.</summary>
    public async Task<RelationInfo?> DescribeAsync()
    {
        if (Build.CatalogSchemas.Contains(Relation.Schema))
        {
            return Build.Catalog.GetValueOrDefault(BuildContext.CatalogKey(Build.Warehouse, Relation));
        }

        return await Session.DescribeAsync(Relation, CancellationToken).ConfigureAwait(false);
    }

    public async Task<StatementResult> ExecuteAsync(string sql)
    {
        try
        {
            return await Session.ExecuteAsync(sql, CancellationToken).ConfigureAwait(false);
        }
        catch (WarehouseStatementException e)
        {
            throw new NodeFailure(Locate(e), e);
        }
    }

    public async Task<QueryResult> QueryAsync(string sql, int maxRows)
    {
        try
        {
            return await Session.QueryAsync(sql, maxRows, CancellationToken).ConfigureAwait(false);
        }
        catch (WarehouseStatementException e)
        {
            throw new NodeFailure(Locate(e), e);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction between the node's pre- and post-hooks. On failure the
    /// runner rolls the transaction back, so nothing of a failed node stays.
    /// </summary>
    public async Task InTransactionAsync(Func<Task> body)
    {
        await Session.BeginAsync(CancellationToken).ConfigureAwait(false);
        await RunHooksAsync(Unit.Compiled?.PreHooks ?? Node.Config?.PreHook ?? [], "pre_hook").ConfigureAwait(false);
        await body().ConfigureAwait(false);
        await RunHooksAsync(Unit.Compiled?.PostHooks ?? Node.Config?.PostHook ?? [], "post_hook").ConfigureAwait(false);
        await Session.CommitAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs pre- or post-hooks, as compiled; an uncompiled hook only has <c>{{ this }}</c> replaced.</summary>
    public async Task RunHooksAsync(IEnumerable<string> hooks, string which)
    {
        // A hook whose template rendered to nothing ({{ if is_incremental() }}... on a first build) has nothing to run.
        foreach (var hook in hooks.Where(h => !string.IsNullOrWhiteSpace(h)))
        {
            var sql = hook.Replace("{{ this }}", Build.Warehouse.Dialect.RelationName(Relation), StringComparison.Ordinal)
                .Replace("{{this}}", Build.Warehouse.Dialect.RelationName(Relation), StringComparison.Ordinal);
            try
            {
                var result = await Session.ExecuteAsync(sql, CancellationToken).ConfigureAwait(false);
                HooksChangedRows |= !LeavesRows(sql, result);
            }
            catch (WarehouseStatementException e)
            {
                throw new NodeFailure($"{WarehouseErrorCodes.Prefix(e.Kind)}{which} of {Node.RelativePath} failed: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// A hook left the rows as they were when every statement of it only builds an index (as a post-hook that creates
    /// several does), or when it is one statement that wrote no row (the result of a text of several is its last
    /// one's); anything else may have changed them. The split on ';' is lexical: a ';' inside a literal makes a part
    /// that is no index creation, which errs towards "changed".
    /// </summary>
    private static bool LeavesRows(string sql, StatementResult result)
    {
        var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return statements.All(s => s.StartsWith("create index ", StringComparison.OrdinalIgnoreCase) || s.StartsWith("create unique index ", StringComparison.OrdinalIgnoreCase))
            || (statements.Length <= 1 && (result is { RowsAffected: 0, Code: "INSERT" or "UPDATE" or "DELETE" or "MERGE" } || result.Code == "CREATE INDEX"));
    }

    /// <summary>
    /// The warehouse points at a character of the statement it ran; when that falls inside the model's compiled
    /// SQL, the message names the line and column of target/compiled/... that the user can open.
    /// </summary>
    private string Locate(WarehouseStatementException e) => WarehouseErrorCodes.Prefix(e.Kind) + LocateText(e);

    private string LocateText(WarehouseStatementException e)
    {
        var compiledPath = Unit.Compiled?.CompiledPath;
        if (Unit.Compiled is { } compiled && e.Position is { } position)
        {
            var body = compiled.Sql.TrimEnd().TrimEnd(';').TrimEnd();
            var start = body.Length == 0 ? -1 : e.Sql.IndexOf(body, StringComparison.Ordinal);
            var offset = position - 1 - start;
            if (start >= 0 && offset >= 0 && offset <= body.Length)
            {
                var line = 1 + body.AsSpan(0, offset).Count('\n');
                var lineStart = offset == 0 ? 0 : body.LastIndexOf('\n', offset - 1) + 1;
                var column = offset - lineStart + 1;
                return $"{compiledPath}({line},{column}): {e.Message}";
            }
        }

        return compiledPath is null ? e.Message : $"{e.Message} (compiled SQL in {compiledPath})";
    }
}
