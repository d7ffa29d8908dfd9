using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Warehouse.Snowflake.Api;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// A session over the SQL API. Every request is its own Snowflake session and DDL commits by itself, so there is no
/// transaction to hold across requests: <see cref="BeginAsync"/> and <see cref="CommitAsync"/> mark the node's work,
/// whose atomic steps are single statements (<c>swap with</c>, <c>merge</c>, <c>create or replace</c>); the scratch
/// tables the work created are dropped when it ends.
/// </summary>
public sealed class SnowflakeWarehouseSession : IWarehouseSession
{
    private readonly SqlApiClient _client;
    private readonly string _context;
    private readonly List<string> _scratch = [];

    public SnowflakeWarehouseSession(SqlApiClient client, string context)
    {
        _client = client;
        _context = context;
    }

    public async Task<StatementResult> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var trimmed = sql.TrimStart();
        if (trimmed.StartsWith(SnowflakeMaterializationSql.ScratchTablePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = trimmed[SnowflakeMaterializationSql.ScratchTablePrefix.Length..];
            _scratch.Add(rest[..rest.IndexOf(" as", StringComparison.OrdinalIgnoreCase)].Trim());
        }

        var statements = SnowflakeStatements.Split(sql);
        var result = await RunAsync(new SqlApiRequest(sql, Math.Max(1, statements.Count)), sql, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var tag = Tag(statements.Count > 0 ? statements[^1] : sql);
        if (!result.StatementHandles.IsDefaultOrEmpty && tag is "SELECT" or "WITH" or "INSERT" or "UPDATE" or "DELETE" or "MERGE")
        {
            // A multi-statement request (hooks): the result is the last statement's, fetched when it has a count.
            result = await Guard(() => _client.ResultAsync(result.StatementHandles[^1], cancellationToken), sql).ConfigureAwait(false);
        }

        return tag switch
        {
            "SELECT" or "WITH" => new StatementResult("SELECT", result.NumRows),
            "INSERT" or "UPDATE" or "DELETE" or "MERGE" => new StatementResult(tag, result.RowsAffected ?? 0),
            _ => new StatementResult(tag, null),
        };
    }

    public async Task<QueryResult> QueryAsync(string sql, int maxRows, CancellationToken cancellationToken)
    {
        var result = await RunAsync(new SqlApiRequest(sql), sql, maxRows, cancellationToken).ConfigureAwait(false);
        return new QueryResult(
            [.. result.Columns.Select(c => SnowflakeNames.Read(c.Name))],
            [.. result.Rows.Take(maxRows).Select(r => r.ToImmutableArray())]);
    }

    /// <summary>
    /// The SQL API binds by position, so each named placeholder (<c>@name</c>, as dashboards write filter values) becomes
    /// a <c>?</c> bound to its value in order of appearance; a name used twice is bound twice.
    /// </summary>
    public async Task<QueryResult> QueryAsync(string sql, IReadOnlyList<QueryParameter> parameters, int maxRows, CancellationToken cancellationToken)
    {
        if (parameters.Count == 0)
        {
            return await QueryAsync(sql, maxRows, cancellationToken).ConfigureAwait(false);
        }

        var (positional, bindings) = SnowflakeBindings.Positional(sql, parameters);
        var result = await RunAsync(new SqlApiRequest(positional) { Bindings = bindings }, sql, maxRows, cancellationToken).ConfigureAwait(false);
        return new QueryResult(
            [.. result.Columns.Select(c => SnowflakeNames.Read(c.Name))],
            [.. result.Rows.Take(maxRows).Select(r => r.ToImmutableArray())]);
    }

    public Task BeginAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CommitAsync(CancellationToken cancellationToken) => DropScratchAsync(cancellationToken);

    public Task RollbackAsync(CancellationToken cancellationToken) => DropScratchAsync(CancellationToken.None);

    public async Task<RelationInfo?> DescribeAsync(Relation relation, CancellationToken cancellationToken)
    {
        var sql = SnowflakeCatalog.Relations([relation.Schema], relation.Identifier);
        var result = await RunAsync(new SqlApiRequest(sql), sql, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var found = SnowflakeCatalog.Read(result.Rows, [relation.Schema]);
        return found.Count == 0 ? null : found[0] with { Relation = relation };
    }

    public async Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(string relationText, CancellationToken cancellationToken)
    {
        var parts = SnowflakeCatalog.ParseName(relationText);
        var sql = SnowflakeCatalog.Columns(parts.Length >= 2 ? parts[^2] : null, parts[^1]);
        var result = await RunAsync(new SqlApiRequest(sql), sql, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(r => SnowflakeCatalog.Column(r[0]!, r[1], r[2], r[3]))];
    }

    public async Task<IReadOnlyList<RelationInfo>> ListRelationsAsync(IReadOnlyCollection<string> schemas, CancellationToken cancellationToken)
    {
        if (schemas.Count == 0)
        {
            return [];
        }

        var sql = SnowflakeCatalog.Relations(schemas, null);
        var result = await RunAsync(new SqlApiRequest(sql), sql, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return SnowflakeCatalog.Read(result.Rows, schemas);
    }

    /// <summary>Snowflake resolves a view's names when it is queried, so a replaced table needs none of its views recreated.</summary>
    public Task<IReadOnlyList<DependentView>> DependentViewsAsync(Relation relation, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DependentView>>([]);

    /// <summary>
    /// The SQL API cannot PUT files to a stage, so rows go in as bound multi-row INSERTs: one request per batch, each
    /// column bound as an array of text that Snowflake converts to the column's type.
    /// </summary>
    public async Task<long> CopyInAsync(Relation table, IReadOnlyList<ColumnInfo> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        const int BatchRows = 5_000;
        var dialect = SnowflakeDialect.Instance;
        var sql = $"insert into {dialect.RelationName(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) values ({string.Join(", ", columns.Select(_ => "?"))})";
        var batch = columns.Select(_ => new List<string?>(BatchRows)).ToArray();
        long total = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < columns.Count; i++)
            {
                batch[i].Add(SnowflakeValues.Text(row[i]));
            }

            if (batch[0].Count >= BatchRows)
            {
                total += await FlushAsync().ConfigureAwait(false);
            }
        }

        if (columns.Count > 0 && batch[0].Count > 0)
        {
            total += await FlushAsync().ConfigureAwait(false);
        }

        return total;

        async Task<long> FlushAsync()
        {
            var request = new SqlApiRequest(sql) { Bindings = [.. batch.Select(values => new SqlApiBinding("TEXT", values.ToArray()))] };
            foreach (var values in batch)
            {
                values.Clear();
            }

            var result = await RunAsync(request, sql, 0, cancellationToken).ConfigureAwait(false);
            return result.RowsAffected ?? 0;
        }
    }

    public async ValueTask DisposeAsync() => await DropScratchAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task DropScratchAsync(CancellationToken cancellationToken)
    {
        if (_scratch.Count == 0)
        {
            return;
        }

        var sql = string.Join(";\n", _scratch.Select(name => $"drop table if exists {name}"));
        var count = _scratch.Count;
        _scratch.Clear();
        try
        {
            await RunAsync(new SqlApiRequest(sql, count), sql, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (WarehouseStatementException)
        {
            // A scratch table left behind is replaced by the next run's create or replace.
        }
    }

    private Task<SqlApiResult> RunAsync(SqlApiRequest request, string sql, int maxRows, CancellationToken cancellationToken) =>
        Guard(() => _client.ExecuteAsync(request, cancellationToken, maxRows), sql);

    private async Task<SqlApiResult> Guard(Func<Task<SqlApiResult>> call, string sql)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SnowflakeApiException or HttpRequestException)
        {
            throw SnowflakeErrors.Translate(e, sql, _context);
        }
    }

    private static string Tag(string sql)
    {
        var head = sql.TrimStart();
        var words = head[..Math.Min(head.Length, 120)].Split([' ', '\n', '\t', '(', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "OK";
        }

        var first = words[0].ToUpperInvariant();
        if (first is "CREATE" or "ALTER" or "DROP")
        {
            var noun = words.Skip(1).Select(w => w.ToUpperInvariant()).FirstOrDefault(w => w is not ("OR" or "REPLACE" or "TRANSIENT" or "IF" or "TEMPORARY")) ?? string.Empty;
            return $"{first} {noun}".Trim();
        }

        return first;
    }
}
