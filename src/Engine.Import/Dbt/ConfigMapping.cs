namespace Engine.Import.Dbt;

/// <summary>
/// What one dbt config key becomes: <see cref="Key"/> null drops it (<see cref="Reason"/> says why); otherwise the engine's key,
/// with <see cref="Value"/> replacing the written value when <see cref="Rewritten"/>.
/// </summary>
public sealed record ConfigMapping(string? Key, bool Rewritten, object? Value, string? Reason)
{
    public static ConfigMapping Keep(string key) => new(key, false, null, null);

    public static ConfigMapping Rewrite(string key, object? value) => new(key, true, value, null);

    public static ConfigMapping Drop(string reason) => new(null, false, null, reason);
}
