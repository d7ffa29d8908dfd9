using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// A warehouse connection as written in pipeline.yml. Core knows only the keys every warehouse shares (type, schema,
/// database, threads); the rest are kept as written in <see cref="Settings"/>, and the warehouse adapter registered for
/// <see cref="Type"/> validates and interprets them. Values may hold <c>${NAME}</c> references, resolved at run time
/// so that secrets never live in YAML.
/// </summary>
public sealed record TargetConfig(string Name, string Type, SourceLocation Location)
{
    /// <summary>The type of a target that names none, and of the target used when pipeline.yml declares no target.</summary>
    public const string DefaultType = "postgres";

    public string Schema { get; init; } = "public";
    public string? Database { get; init; }
    public int Threads { get; init; } = 4;

    /// <summary>Where <c>type:</c> was written (the target's own location when it was left out).</summary>
    public SourceLocation? TypeLocation { get; init; }

    /// <summary>Every other key of the target, for its adapter.</summary>
    public ImmutableDictionary<string, TargetSetting> Settings { get; init; } = ImmutableDictionary<string, TargetSetting>.Empty;

    /// <summary>The value of an adapter-specific key, or null when it is not written.</summary>
    public string? Setting(string key) => Settings.TryGetValue(key, out var setting) ? setting.Value : null;

    /// <summary>Where an adapter-specific key was written, or the target's location when it was not.</summary>
    public SourceLocation SettingLocation(string key) => Settings.TryGetValue(key, out var setting) ? setting.Location : Location;

    /// <summary>The target used when pipeline.yml declares none: the default type's own default (for postgres, the managed local cluster).</summary>
    public static TargetConfig DefaultLocal(string projectFile) =>
        new("dev", DefaultType, SourceLocation.File(projectFile)) { Database = "warehouse" };
}
