using System.Collections.Immutable;
using System.Globalization;
using Engine.Core.Compilation;
using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>One Npgsql connection; every refused statement becomes a <see cref="WarehouseStatementException"/>.</summary>
public sealed class PostgresWarehouseSession : IWarehouseSession
{
    private readonly NpgsqlConnection _connection;
    private readonly string? _targetName;
    private NpgsqlTransaction? _transaction;

    public PostgresWarehouseSession(NpgsqlConnection connection, string? targetName = null)
    {
        _connection = connection;
        _targetName = targetName;
    }

    /// <summary>
    /// Builds are long statements; the engine cancels them itself (Ctrl-C, --fail-fast), so no client timeout. Set per command,
    /// not in the connection string, which the state store and the CDC sink share (and keep their default).
    /// </summary>
    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction) { CommandTimeout = 0 };

    public async Task<StatementResult> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, sql, _connection, _targetName);
        }

        // The batch API would not split hook text holding several statements; the command's own list does.
#pragma warning disable CS0618
        var last = command.Statements[^1];
#pragma warning restore CS0618
        var code = last.StatementType == StatementType.Other ? DdlTag(sql) : CommandTag(last.StatementType);
        return new StatementResult(code, HasRowCount(last.StatementType) ? (long)last.Rows : null);
    }

    public async Task<QueryResult> QueryAsync(string sql, int maxRows, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToImmutableArray();
            var rows = ImmutableArray.CreateBuilder<ImmutableArray<string?>>();
            while (rows.Count < maxRows && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false)
                        ? null
                        : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                rows.Add([.. row]);
            }

            return new QueryResult(columns, rows.ToImmutable());
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, sql, _connection, _targetName);
        }
    }

    public async Task<QueryResult> QueryAsync(string sql, IReadOnlyList<QueryParameter> parameters, int maxRows, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(PostgresQueryParameters.ToNpgsql(parameter));
        }

        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToImmutableArray();
            var rows = ImmutableArray.CreateBuilder<ImmutableArray<string?>>();
            while (rows.Count < maxRows && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = PostgresQueryParameters.Text(reader.GetValue(i));
                }

                rows.Add([.. row]);
            }

            return new QueryResult(columns, rows.ToImmutable());
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, sql, _connection, _targetName);
        }
    }

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        try
        {
            _transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "begin", _connection, _targetName);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is { } transaction)
        {
            _transaction = null;
            try
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                throw PostgresErrors.Translate(e, "commit", _connection, _targetName);
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        if (_transaction is { } transaction)
        {
            _transaction = null;
            try
            {
                // Not cancellable: a cancelled build must still give its locks back.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection broke; the server rolls the transaction back itself.
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<RelationInfo?> DescribeAsync(Relation relation, CancellationToken cancellationToken)
    {
        var found = await CatalogAsync([relation.Schema], PostgresDialect.Instance.Shorten(relation.Identifier), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0] with { Relation = relation };
    }

    public async Task<IReadOnlyDictionary<string, string>> SourceVersionsAsync(CancellationToken cancellationToken)
    {
        // Written by the CDC sink (Cdc/PostgresCdcSink); absent until a first sync.
        const string Sql = """
            select schema_name || '.' || table_name, lsn::text from "_engine"."cdc_tables"
            """;
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var exists = Command("select to_regclass('\"_engine\".\"cdc_tables\"') is not null"))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return versions;
            }
        }

        await using var command = Command(Sql);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions[reader.GetString(0)] = reader.GetString(1);
            }
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, Sql, _connection, _targetName);
        }

        return versions;
    }

    public async Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(string relationText, CancellationToken cancellationToken)
    {
        const string Sql = "select attname::text, format_type(atttypid, atttypmod) from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped order by attnum";
        await using var command = Command(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = relationText });
        var columns = new List<ColumnInfo>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(new ColumnInfo(reader.GetString(0), reader.GetString(1)));
            }
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, Sql, _connection, _targetName);
        }

        return columns;
    }

    /// <summary>
    /// Whether the rows of <paramref name="columnsSql"/> (each <c>name type-oid type</c>) are the columns of the result of
    /// <paramref name="query"/>, as the server describes them (type with its modifiers); both go in one round trip.
    /// </summary>
    internal async Task<bool> SameColumnsAsync(string columnsSql, string query, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(_connection, _transaction) { BatchCommands = { new(columnsSql), new(query) }, Timeout = 0 };
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var stored = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(reader.GetString(0));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var described = Enumerable.Range(0, reader.FieldCount)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{reader.GetName(i)} {reader.GetDataTypeOID(i)} {reader.GetDataTypeName(i)}"));
            return stored.SequenceEqual(described, StringComparer.Ordinal);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, query, _connection, _targetName);
        }
    }

    public Task<IReadOnlyList<RelationInfo>> ListRelationsAsync(IReadOnlyCollection<string> schemas, CancellationToken cancellationToken) =>
        CatalogAsync(schemas, null, cancellationToken);

    public async Task<IReadOnlyList<DependentView>> DependentViewsAsync(Relation relation, CancellationToken cancellationToken)
    {
        await using var command = Command(PostgresCatalogQueries.DependentViews);
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresDialect.Instance.RelationName(relation) });
        var views = new List<DependentView>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var kind = reader.GetChar(2) == 'm' ? RelationKind.MaterializedView : RelationKind.View;
                views.Add(new DependentView(new Relation(null, reader.GetString(0), reader.GetString(1)), kind, reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, PostgresCatalogQueries.DependentViews, _connection, _targetName);
        }

        return views;
    }

    public async Task<long> CopyInAsync(Relation table, IReadOnlyList<ColumnInfo> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var dialect = PostgresDialect.Instance;
        var copy = $"copy {dialect.RelationName(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) from stdin (format binary)";
        try
        {
            await using var importer = await _connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
            importer.Timeout = TimeSpan.Zero;
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(row[i], columns[i].DataType, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, copy, _connection, _targetName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<RelationInfo>> CatalogAsync(IReadOnlyCollection<string> schemas, string? identifier, CancellationToken cancellationToken)
    {
        await using var command = Command(PostgresCatalogQueries.Relations);
        command.Parameters.Add(new NpgsqlParameter { Value = schemas.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)identifier ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var result = new List<RelationInfo>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var kind = reader.GetChar(2) switch
                {
                    'v' => RelationKind.View,
                    'm' => RelationKind.MaterializedView,
                    _ => RelationKind.Table,
                };
                var names = reader.GetFieldValue<string[]>(3);
                var types = reader.GetFieldValue<string[]>(4);
                result.Add(new RelationInfo(new Relation(null, reader.GetString(0), reader.GetString(1)), kind)
                {
                    Columns = [.. names.Zip(types, (n, t) => new ColumnInfo(n, t))],
                    Comment = reader.IsDBNull(5) ? null : reader.GetString(5),
                });
            }
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, PostgresCatalogQueries.Relations, _connection, _targetName);
        }

        return result;
    }


    /// <summary>DDL has no command tag in Npgsql's statement types; its first words say what it did (<c>CREATE VIEW</c>).</summary>
    private static string DdlTag(string sql)
    {
        var words = sql.TrimStart().Split([' ', '\n', '\t', '('], 3, StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 2 && words[0].ToUpperInvariant() is "CREATE" or "ALTER" or "DROP"
            ? $"{words[0]} {words[1]}".ToUpperInvariant()
            : words.Length > 0 ? words[0].ToUpperInvariant() : "OK";
    }

    private static bool HasRowCount(StatementType type) => type is StatementType.Select or StatementType.Insert
        or StatementType.Update or StatementType.Delete or StatementType.Merge or StatementType.Copy
        or StatementType.CreateTableAs or StatementType.Move or StatementType.Fetch;

    private static string CommandTag(StatementType type) => type switch
    {
        StatementType.CreateTableAs or StatementType.Select => "SELECT",
        StatementType.Other => "OK",
        _ => type.ToString().ToUpperInvariant(),
    };
}
