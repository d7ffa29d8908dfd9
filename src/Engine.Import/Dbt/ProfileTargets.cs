namespace Engine.Import.Dbt;

/// <summary>The targets converted from a dbt profile: pipeline.yml's <c>targets:</c>, the default one and its schema.</summary>
public sealed record ProfileTargets(Dictionary<string, object?> Targets, string? DefaultTarget, string Schema)
{
    /// <summary>No profile: the engine's own default target (the managed local PostgreSQL, schema public).</summary>
    public static ProfileTargets None { get; } = new(new Dictionary<string, object?>(StringComparer.Ordinal), null, "public");
}
