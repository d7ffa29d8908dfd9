using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Runtime.Connections;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Composes CDC for a project: the sources with a <c>cdc:</c> block, their staging connection, and the warehouse
/// sink of the target. The one place that picks a sink implementation; the replication side sees only
/// <see cref="ICdcSink"/>.
/// </summary>
public static class ProjectCdc
{
    /// <summary>The validated CDC settings of the project's sources, or of the one named <paramref name="sourceName"/>.</summary>
    public static ImmutableArray<CdcSettings> Settings(ProjectDefinition project, string? sourceName)
    {
        var all = CdcSettingsReader.Read(project.Sources);
        if (all.IsEmpty)
        {
            throw new ProjectException(DiagnosticCodes.CdcNoSource, "no source in sources.yml has a 'cdc:' block (publication and slot) to sync",
                SourceLocation.File(Path.Combine(project.RootDirectory, "sources.yml")));
        }

        if (sourceName is null)
        {
            return all;
        }

        var chosen = all.Where(s => s.SourceName == sourceName).ToImmutableArray();
        return chosen.IsEmpty
            ? throw new ProjectException(DiagnosticCodes.CdcNoSource,
                $"--source '{sourceName}' is not a source with a 'cdc:' block; those are: {string.Join(", ", all.Select(s => s.SourceName))}")
            : chosen;
    }

    /// <summary>A request for <paramref name="settings"/> against <paramref name="target"/>'s server (staging and warehouse share it).</summary>
    public static async Task<CdcRequest> RequestAsync(
        CdcSettings settings, TargetConfig target, string projectDirectory, CdcMode mode, bool reset, CancellationToken cancellationToken)
    {
        var server = PostgresServer.For(target, projectDirectory);
        var source = await server.ConnectionStringAsync(settings.StagingDatabase, cancellationToken).ConfigureAwait(false);
        var warehouse = await server.ConnectionStringAsync(server.WarehouseDatabase, cancellationToken).ConfigureAwait(false);
        return new CdcRequest(settings, source, () => new PostgresCdcSink(warehouse, settings.WarehouseSchema)) { Mode = mode, Reset = reset };
    }
}
