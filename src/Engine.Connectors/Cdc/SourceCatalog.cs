using System.Collections.Immutable;
using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Connectors.Cdc;

/// <summary>What the staging database's catalog says about a table: columns with their types, key, replica identity.</summary>
internal static class SourceCatalog
{
    // Types outside pg_catalog (enums, domains, composites) do not exist in the warehouse: they travel as text.
    private const string TypeName =
        "CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace THEN format_type(t.oid, {0}) ELSE 'text' END";

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken) =>
        await ScalarAsync<bool>(connection, "SELECT to_regclass(quote_ident($1) || '.' || quote_ident($2)) IS NOT NULL", cancellationToken, schema, table)
            .ConfigureAwait(false);

    public static async Task<ImmutableArray<CdcColumn>> ColumnsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT a.attname, {string.Format(System.Globalization.CultureInfo.InvariantCulture, TypeName, "a.atttypmod")}
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        var columns = ImmutableArray.CreateBuilder<CdcColumn>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!CdcMetadata.Reserved.Contains(reader.GetString(0)))
            {
                columns.Add(new CdcColumn(reader.GetString(0), reader.GetString(1)));
            }
        }

        return columns.ToImmutable();
    }

    /// <summary>The warehouse type of a column announced by a relation message (a column added at the source).</summary>
    public static async Task<string> TypeAsync(NpgsqlConnection connection, uint typeOid, int typeModifier, CancellationToken cancellationToken) =>
        await ScalarAsync<string>(
            connection,
            $"SELECT {string.Format(System.Globalization.CultureInfo.InvariantCulture, TypeName, "$2")} FROM pg_type t WHERE t.oid = $1::oid",
            cancellationToken,
            (long)typeOid,
            typeModifier).ConfigureAwait(false);

    /// <summary>PostgreSQL's <c>FirstNormalObjectId</c>: objects below it come with the server, not from a database.</summary>
    private const uint FirstNormalObjectId = 16384;

    /// <summary>Types of PostgreSQL itself (below the first OID a database object can get): their binary forms are the same in every database.</summary>
    public static bool IsBuiltIn(uint typeOid) => typeOid < FirstNormalObjectId;

    /// <summary>The source's spelling (<c>format_type</c>) of each type, in order.</summary>
    public static async Task<string[]> TypeNamesAsync(NpgsqlConnection connection, uint[] typeOids, int[] typeModifiers, CancellationToken cancellationToken)
    {
        var names = await ListAsync(
            connection,
            "SELECT format_type(t.oid, t.modifier) FROM unnest($1::bigint[]::oid[], $2::int[]) WITH ORDINALITY AS t(oid, modifier, n) ORDER BY n",
            cancellationToken,
            typeOids.Select(o => (long)o).ToArray(),
            typeModifiers).ConfigureAwait(false);
        return [.. names];
    }

    /// <summary>True when every column of the tables has a type of PostgreSQL itself, which the warehouse gets as such (not as text).</summary>
    public static async Task<bool> AllBuiltInAsync(NpgsqlConnection connection, IEnumerable<string> qualifiedTables, CancellationToken cancellationToken) =>
        await ScalarAsync<bool>(
            connection,
            $"""
            SELECT coalesce(bool_and(a.atttypid < {FirstNormalObjectId} AND t.typnamespace = 'pg_catalog'::regnamespace), true)
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = ANY($1::text[]::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            """,
            cancellationToken,
            (object)qualifiedTables.ToArray()).ConfigureAwait(false);

    public static async Task<ImmutableArray<string>> PrimaryKeyAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken) =>
        await ListAsync(
            connection,
            """
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """,
            cancellationToken,
            schema,
            table).ConfigureAwait(false);

    /// <summary>The table's replica identity: d (default, the primary key), n (nothing), f (full) or i (an index).</summary>
    public static async Task<char> ReplicaIdentityAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken) =>
        await ScalarAsync<char>(connection, "SELECT relreplident FROM pg_class WHERE oid = (quote_ident($1) || '.' || quote_ident($2))::regclass", cancellationToken, schema, table)
            .ConfigureAwait(false);

    /// <summary>A unique index whose columns are exactly <paramref name="key"/>, all NOT NULL: usable as replica identity.</summary>
    public static async Task<string?> UniqueIndexOnAsync(NpgsqlConnection connection, string schema, string table, ImmutableArray<string> key, CancellationToken cancellationToken)
    {
        var names = await ListAsync(
            connection,
            """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
              AND NOT i.indisprimary
              AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)) = $3
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) AND NOT a.attnotnull)
            """,
            cancellationToken,
            schema,
            table,
            key.Order(StringComparer.Ordinal).ToArray()).ConfigureAwait(false);
        return names.IsEmpty ? null : names[0];
    }

    public static async Task<ImmutableArray<string>> ListAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var result = ImmutableArray.CreateBuilder<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result.ToImmutable();
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
