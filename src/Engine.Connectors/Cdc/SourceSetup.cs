using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Makes the staging database ready for CDC, so nobody has to do it by hand: checks <c>wal_level</c>, gives each
/// table a replica identity that carries its key, and creates or completes the publication.
/// </summary>
internal static class SourceSetup
{
    /// <summary>
    /// Checks that the server can decode logically; returns how long its walsender waits for a silent client before it
    /// ends the connection (<c>wal_sender_timeout</c> as this connection's settings have it; zero: never).
    /// </summary>
    public static async Task<TimeSpan> CheckServerAsync(NpgsqlConnection source, CdcSettings settings, CancellationToken cancellationToken)
    {
        string walLevel;
        TimeSpan senderTimeout;
        await using (var command = new NpgsqlCommand("SELECT current_setting('wal_level'), setting::bigint FROM pg_settings WHERE name = 'wal_sender_timeout'", source))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            walLevel = reader.GetString(0);
            senderTimeout = TimeSpan.FromMilliseconds(reader.GetInt64(1));
        }

        if (walLevel != "logical")
        {
            throw new ProjectException(
                DiagnosticCodes.CdcWalLevel,
                $"the staging server runs with wal_level = {walLevel}; CDC needs logical decoding. Fix: run \"ALTER SYSTEM SET wal_level = logical;\" " +
                "as a superuser and restart PostgreSQL (on a managed service, set the parameter wal_level or rds.logical_replication = 1)",
                settings.Location);
        }

        // The version comes with the connection's start-up (no round trip).
        if (source.PostgreSqlVersion.Major < 14)
        {
            // pgoutput's logical messages (the drain marker and the heartbeat) arrived in PostgreSQL 14.
            throw new ProjectException(DiagnosticCodes.CdcServer, $"the staging server is PostgreSQL {source.ServerVersion}; CDC needs PostgreSQL 14 or newer", settings.Location);
        }

        return senderTimeout;
    }

    /// <summary>The tables as they are now, with their warehouse shape; replica identities fixed where needed.</summary>
    public static async Task<ImmutableArray<SourceTable>> TablesAsync(
        NpgsqlConnection source, CdcSettings settings, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var tables = ImmutableArray.CreateBuilder<SourceTable>();
        var missing = new List<string>();
        foreach (var spec in settings.Tables)
        {
            if (!await SourceCatalog.ExistsAsync(source, settings.StagingSchema, spec.Name, cancellationToken).ConfigureAwait(false))
            {
                missing.Add($"{settings.StagingSchema}.{spec.Name}");
                continue;
            }

            var columns = await SourceCatalog.ColumnsAsync(source, settings.StagingSchema, spec.Name, cancellationToken).ConfigureAwait(false);
            var primaryKey = await SourceCatalog.PrimaryKeyAsync(source, settings.StagingSchema, spec.Name, cancellationToken).ConfigureAwait(false);
            var key = spec.PrimaryKey.IsEmpty ? primaryKey : spec.PrimaryKey;
            if (key.IsEmpty)
            {
                throw new ProjectException(DiagnosticCodes.CdcSourceTable,
                    $"table '{spec.Name}' of source '{settings.SourceName}' has no primary key in staging; declare its key with 'primary_key:' in sources.yml",
                    settings.Location);
            }

            var unknown = key.Where(k => columns.All(c => c.Name != k)).ToList();
            if (unknown.Count > 0)
            {
                throw new ProjectException(DiagnosticCodes.CdcSourceTable,
                    $"primary_key of table '{spec.Name}' names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which {(unknown.Count == 1 ? "is not a column" : "are not columns")} of {settings.StagingSchema}.{spec.Name}",
                    settings.Location);
            }

            var table = new SourceTable(settings.StagingSchema, spec.Name, new CdcTable(spec.Name, columns, key));
            await EnsureReplicaIdentityAsync(source, table, primaryKey, progress, cancellationToken).ConfigureAwait(false);
            tables.Add(table);
        }

        if (missing.Count > 0)
        {
            throw new ProjectException(DiagnosticCodes.CdcSourceTable,
                $"{string.Join(", ", missing)} {(missing.Count == 1 ? "does" : "do")} not exist in staging database '{settings.StagingDatabase}'; run the extraction first (engine extract)",
                settings.Location);
        }

        return tables.ToImmutable();
    }

    /// <summary>Creates the publication, or adds the tables it lacks; returns the tables that were not in it before.</summary>
    public static async Task<ImmutableArray<string>> EnsurePublicationAsync(
        NpgsqlConnection source, CdcSettings settings, ImmutableArray<SourceTable> tables, bool mayAdd, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var exists = await SourceCatalog.ScalarAsync<bool>(source, "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1)", cancellationToken, settings.Publication)
            .ConfigureAwait(false);
        var list = string.Join(", ", tables.Select(t => t.Qualified));
        if (!exists)
        {
            await SourceCatalog.ExecuteAsync(source, $"CREATE PUBLICATION {SourceTable.Quote(settings.Publication)} FOR TABLE {list}", cancellationToken).ConfigureAwait(false);
            progress?.Report($"created publication {settings.Publication} for {list}");
            return tables.Select(t => t.Name).ToImmutableArray();
        }

        var published = await SourceCatalog.ListAsync(
            source, "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = $1", cancellationToken, settings.Publication).ConfigureAwait(false);
        var absent = tables.Where(t => !published.Contains($"{t.Schema}.{t.Name}")).ToImmutableArray();
        if (absent.Length > 0 && mayAdd)
        {
            await SourceCatalog.ExecuteAsync(
                source,
                $"ALTER PUBLICATION {SourceTable.Quote(settings.Publication)} ADD TABLE {string.Join(", ", absent.Select(t => t.Qualified))}",
                cancellationToken).ConfigureAwait(false);
            progress?.Report($"added {string.Join(", ", absent.Select(t => t.Name))} to publication {settings.Publication}");
        }

        return absent.Select(t => t.Name).ToImmutableArray();
    }

    /// <summary>
    /// Updates and deletes must carry the key. The primary key does that by default; otherwise a unique index on the
    /// key columns, and FULL only as the last resort (it logs whole old rows: more WAL).
    /// </summary>
    private static async Task EnsureReplicaIdentityAsync(
        NpgsqlConnection source, SourceTable table, ImmutableArray<string> primaryKey, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var key = table.Warehouse.PrimaryKey;
        var identity = await SourceCatalog.ReplicaIdentityAsync(source, table.Schema, table.Name, cancellationToken).ConfigureAwait(false);
        var keyIsPrimary = primaryKey.Length == key.Length && primaryKey.All(key.Contains);
        if (identity == 'f' || (identity == 'd' && keyIsPrimary))
        {
            return;
        }

        string clause;
        if (keyIsPrimary)
        {
            clause = "DEFAULT";
        }
        else if (await SourceCatalog.UniqueIndexOnAsync(source, table.Schema, table.Name, key, cancellationToken).ConfigureAwait(false) is { } index)
        {
            clause = $"USING INDEX {SourceTable.Quote(index)}";
        }
        else
        {
            clause = "FULL";
        }

        if (identity == 'i' && clause.StartsWith("USING", StringComparison.Ordinal))
        {
            return;
        }

        await SourceCatalog.ExecuteAsync(source, $"ALTER TABLE {table.Qualified} REPLICA IDENTITY {clause}", cancellationToken).ConfigureAwait(false);
        progress?.Report($"set replica identity {clause.ToLowerInvariant()} on {table.Schema}.{table.Name} so that updates and deletes carry its key");
    }
}
