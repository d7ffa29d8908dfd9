using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Runtime.Sessions;
using Engine.Warehouse.Postgres;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Composes CDC for a project: the sources with a <c>cdc:</c> block, their staging connection, and the sink that the
/// target's warehouse adapter provides; the replication side sees only <see cref="Engine.Warehouse.Cdc.ICdcSink"/>.
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

    /// <summary>
    /// A request for <paramref name="settings"/>: the staging database on its server (staging is PostgreSQL, read by
    /// logical replication: the source's staging server, else the target's, else the managed one), and the sink the
    /// target's warehouse adapter provides.
    /// </summary>
    public static async Task<CdcRequest> RequestAsync(
        CdcSettings settings, ProjectSession session, CdcMode mode, bool reset, CancellationToken cancellationToken)
    {
        var staging = PostgresServer.ForStaging(settings.Staging, session.Target, session.Environment);
        settings = settings with { Slot = SlotFor(settings.Slot, session.Target) };
        var source = await staging.ConnectionStringAsync(settings.StagingDatabase, cancellationToken).ConfigureAwait(false);
        return new CdcRequest(settings, source, token => session.Warehouse.OpenCdcSinkAsync(session.Target, session.Environment, settings.WarehouseSchema, token))
        {
            Mode = mode,
            Reset = reset,
        };
    }

    /// <summary>
    /// A slot is one warehouse's position in the stream: two warehouses fed from one staging database each need their own,
    /// or each would skip what the other consumed. A postgres target keeps the configured name; any other target's slot is
    /// suffixed with its name (<c>engine_strava_snowflake_sandbox</c>), cut to the 63 characters a slot name may have.
    /// </summary>
    public static string SlotFor(string slot, TargetConfig target)
    {
        if (target.Type == PostgresAdapter.TypeName)
        {
            return slot;
        }

        var suffix = new string([.. target.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        var name = $"{slot}_{suffix}";
        return name.Length <= 63 ? name : name[..63];
    }
}
