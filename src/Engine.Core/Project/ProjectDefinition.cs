using System.Collections.Immutable;
using Engine.Core.Loading;
using Engine.Core.Project.Dashboards;

namespace Engine.Core.Project;

/// <summary>Everything read from a project directory, before templates are rendered.</summary>
public sealed record ProjectDefinition(
    string RootDirectory,
    ProjectConfig Config,
    ImmutableArray<ModelDefinition> Models,
    ImmutableArray<SeedDefinition> Seeds,
    ImmutableArray<SourceDefinition> Sources,
    ImmutableArray<SingularTestDefinition> SingularTests,
    ImmutableArray<GenericTestTemplate> GenericTestTemplates,
    ImmutableArray<MacroFile> Macros)
{
    public string Name => Config.Name;

    /// <summary>
    /// sources.yml exists but could not be read (its error is reported): every source() call would otherwise add a
    /// "source not found" error for the one cause.
    /// </summary>
    public bool SourcesUnreadable { get; init; }

    /// <summary>The dashboards of <c>dashboards/*.yml</c>.</summary>
    public ImmutableArray<DashboardDefinition> Dashboards { get; init; } = [];

    /// <summary>dbt 1.8 unit tests from the <c>unit_tests:</c> lists of properties files.</summary>
    public ImmutableArray<UnitTestDefinition> UnitTests { get; init; } = [];

    /// <summary>A hash of pipeline.yml's text, read by the loader: part of the compile cache's fingerprint.</summary>
    public string? PipelineTextHash { get; init; }

    /// <summary>
    /// A digest (<see cref="Compilation.Caching.CompileCache.Hash"/>) of each properties file's text (the YAML under
    /// models/ and seeds/, and sources.yml) by full path: what a manifest entry's key takes for everything that file declares.
    /// </summary>
    public ImmutableDictionary<string, string> PropertiesDigests { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Model files left unread at load because their stamp was unchanged (partial compile).</summary>
    public int ModelFilesUnread { get; init; }

    /// <summary>The files found by the load's one walk of the project.</summary>
    public ProjectFiles? Files { get; init; }

    /// <summary>
    /// With partial compile, the stamp of each of <see cref="ProjectFiles.CompileInputs"/> taken before any was read (null
    /// where it could not be taken): what <c>engine compile</c>'s shortcut compares them with next time.
    /// </summary>
    public ImmutableArray<(string Relative, FileStamp? Stamp)> InputStamps { get; init; } = [];

    public string TargetDirectory => Path.Combine(RootDirectory, "target");

    /// <summary>A file's path relative to the project, with '/', as messages and artifacts show it.</summary>
    public string RelativePath(string path) => Path.GetRelativePath(RootDirectory, path).Replace('\\', '/');
}
