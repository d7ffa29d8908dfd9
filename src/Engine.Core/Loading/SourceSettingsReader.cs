using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Sources;

namespace Engine.Core.Loading;

/// <summary>
/// Reads the <c>extract:</c>, <c>staging:</c> and <c>cdc:</c> blocks of a source in sources.yml into records, once,
/// reporting every bad value at its line and column; the connectors consume the records.
/// </summary>
public static partial class SourceSettingsReader
{
    private static readonly string[] ExtractKeys = ["connector", "lookback", "max_rate_limit_wait", "profile_max_age", "reconcile", "max_parallel_athletes"];
    private static readonly string[] ReconcileKeys = ["every"];
    private static readonly string[] StagingKeys = ["database", "schema", "host", "port", "user", "password"];
    private static readonly string[] CdcKeys = ["publication", "slot", "heartbeat_interval", "max_lag_warning", "batch_size"];

    public static ExtractSettings? Extract(YamlMap source, string sourceName)
    {
        var context = $"the extract settings of source '{sourceName}'";
        var extract = source.Map("extract", context, ExtractKeys);
        var connector = extract?.RequiredString("connector", context);
        if (extract is null || connector is null)
        {
            return null;
        }

        return new ExtractSettings(connector, extract.Location)
        {
            Lookback = Duration(extract, "lookback", DiagnosticCodes.StravaExtractConfig, allowZero: true),
            MaxRateLimitWait = Duration(extract, "max_rate_limit_wait", DiagnosticCodes.StravaExtractConfig, allowZero: true),
            ProfileMaxAge = Duration(extract, "profile_max_age", DiagnosticCodes.StravaExtractConfig, allowZero: true),
            ReconcileEvery = ReconcileEvery(extract, context),
            MaxParallelAthletes = MaxParallelAthletes(extract),
        };
    }

    /// <summary><c>max_parallel_athletes: 4</c>: a whole number of at least 1 (1 extracts athletes one after the other).</summary>
    private static int? MaxParallelAthletes(YamlMap extract)
    {
        const string Key = "max_parallel_athletes";
        var value = extract.Int(Key);
        if (value is < 1 or > 64)
        {
            extract.Bag.Error(DiagnosticCodes.StravaExtractConfig,
                $"'{Key}' must be a whole number from 1 (one athlete after the other) to 64, not '{value}'", extract.At(extract.Get(Key)!));
            return null;
        }

        return value;
    }

    /// <summary><c>reconcile: {every: 7d}</c>: how often a full listing per athlete looks for deletions and old edits.</summary>
    private static TimeSpan? ReconcileEvery(YamlMap extract, string context)
    {
        var reconcile = extract.Map("reconcile", $"the reconcile block of {context}", ReconcileKeys);
        if (reconcile is null)
        {
            return null;
        }

        if (!reconcile.Has("every"))
        {
            reconcile.Bag.Error(DiagnosticCodes.StravaExtractConfig, $"the reconcile block of {context} needs 'every', a positive duration such as 7d", reconcile.Location);
            return null;
        }

        return Duration(reconcile, "every", DiagnosticCodes.StravaExtractConfig, allowZero: false);
    }

    public static StagingSettings? Staging(YamlMap source, string sourceName)
    {
        var context = $"the staging block of source '{sourceName}'";
        var staging = source.Map("staging", context, StagingKeys);
        var database = staging?.RequiredString("database", context);
        if (staging is null || database is null)
        {
            return null;
        }

        var password = staging.String("password");
        if (password is not null && !EnvironmentReference().IsMatch(password))
        {
            // The value is never echoed: it may be the secret itself.
            staging.Bag.Error(DiagnosticCodes.InvalidValue,
                $"'password' of {context} must be a reference such as ${{STAGING_PASSWORD}}, set in the environment or .env; secrets do not belong in sources.yml",
                staging.KeyLocation("password"));
            password = null;
        }

        return new StagingSettings(database, staging.Location)
        {
            Schema = staging.String("schema"),
            Host = staging.String("host"),
            Port = staging.String("port"),
            User = staging.String("user"),
            Password = password,
        };
    }

    /// <summary>The cdc block; it needs a staging database to replicate from and at least one table.</summary>
    public static CdcSourceSettings? Cdc(YamlMap source, string sourceName, int tableCount)
    {
        var context = $"source '{sourceName}'";
        var cdc = source.Map("cdc", $"the cdc block of {context}", CdcKeys);
        if (cdc is null)
        {
            return null;
        }

        if (!source.Has("staging"))
        {
            cdc.Bag.Error(DiagnosticCodes.CdcConfig, $"{context} has a cdc block but no 'staging: database:' to replicate from", source.KeyLocation("cdc"));
        }

        if (tableCount == 0)
        {
            cdc.Bag.Error(DiagnosticCodes.CdcConfig, $"{context} has a cdc block but no tables to replicate", source.KeyLocation("cdc"));
        }

        var publication = SlotName(cdc, "publication", context);
        var slot = SlotName(cdc, "slot", context);
        var heartbeat = Duration(cdc, "heartbeat_interval", DiagnosticCodes.CdcConfig, allowZero: false);
        var maxLag = Size(cdc, "max_lag_warning");
        var batchSize = cdc.Int("batch_size");
        if (batchSize < 1)
        {
            cdc.Bag.Error(DiagnosticCodes.CdcConfig, $"'batch_size' must be at least 1, not {batchSize}", cdc.KeyLocation("batch_size"));
            batchSize = null;
        }

        return publication is null || slot is null
            ? null
            : new CdcSourceSettings(publication, slot, cdc.Location) { HeartbeatInterval = heartbeat, MaxLagWarningBytes = maxLag, BatchSize = batchSize };
    }

    /// <summary>
    /// Publication and slot names: replication slot names allow lower-case letters, digits and underscores, 63 at
    /// most; the publication follows the same rule so one name can serve both.
    /// </summary>
    private static string? SlotName(YamlMap cdc, string key, string context)
    {
        var value = cdc.RequiredString(key, $"the cdc block of {context}");
        if (value is not null && !SlotNamePattern().IsMatch(value))
        {
            cdc.Bag.Error(DiagnosticCodes.CdcConfig,
                $"'{key}' must be 1 to 63 lower-case letters, digits or underscores (a replication slot name), not '{value}'",
                cdc.At(cdc.Get(key)!));
            return null;
        }

        return value;
    }

    private static TimeSpan? Duration(YamlMap map, string key, string code, bool allowZero)
    {
        var text = map.String(key);
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var duration) && (allowZero || duration > TimeSpan.Zero))
        {
            return duration;
        }

        var kind = allowZero ? "a duration" : "a positive duration";
        map.Bag.Error(code, $"'{key}' must be {kind} such as {DurationParser.Examples}, not '{text}'", map.At(map.Get(key)!));
        return null;
    }

    private static long? Size(YamlMap map, string key)
    {
        var text = map.String(key);
        if (text is null)
        {
            return null;
        }

        if (ByteSizeParser.TryParse(text, out var bytes))
        {
            return bytes;
        }

        map.Bag.Error(DiagnosticCodes.CdcConfig, $"'{key}' must be a positive size such as {ByteSizeParser.Examples}, not '{text}'", map.At(map.Get(key)!));
        return null;
    }

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex("^[a-z0-9_]{1,63}$")]
    private static partial Regex SlotNamePattern();
}
