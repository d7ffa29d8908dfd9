using System.Collections.Immutable;
using Engine.Core.Project;

namespace Engine.Connectors.Cdc;

/// <summary>
/// The CDC settings of every source with a <c>cdc:</c> block, from the records the project loader parsed and
/// validated (sources.yml is read once, at load); here only the connector's defaults are applied.
/// </summary>
public static class CdcSettingsReader
{
    /// <summary>Staged tables live in this schema unless <c>staging: schema:</c> says otherwise.</summary>
    public const string DefaultStagingSchema = "public";

    public static ImmutableArray<CdcSettings> Read(IEnumerable<SourceDefinition> sources) =>
    [
        .. sources
            .Where(s => s is { Cdc: not null, Staging: not null } && !s.Tables.IsEmpty)
            .Select(s => new CdcSettings(
                s.Name,
                s.Staging!.Database,
                s.Staging.Schema ?? DefaultStagingSchema,
                s.Cdc!.Publication,
                s.Cdc.Slot,
                s.Schema,
                [.. s.Tables.Select(t => new CdcTableSettings(t.Identifier, t.PrimaryKey))],
                s.Cdc.Location)
            {
                HeartbeatInterval = s.Cdc.HeartbeatInterval ?? CdcSettings.DefaultHeartbeatInterval,
                MaxLagWarningBytes = s.Cdc.MaxLagWarningBytes ?? CdcSettings.DefaultMaxLagWarningBytes,
                BatchSize = s.Cdc.BatchSize ?? CdcSettings.DefaultBatchSize,
                Staging = s.Staging,
            }),
    ];
}
