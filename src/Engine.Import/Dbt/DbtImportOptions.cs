namespace Engine.Import.Dbt;

/// <summary>Options of <c>engine import dbt</c>.</summary>
public sealed record DbtImportOptions
{
    /// <summary>Where profiles.yml is; by default the dbt project's own directory (dbt's home directory is not read).</summary>
    public string? ProfilesDirectory { get; init; }
}
