using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// Folder-level defaults in the manner of dbt_project.yml's <c>models:</c> block: <c>+key</c> entries
/// configure the folder, other keys name sub-folders.
/// </summary>
public sealed record FolderConfig(ModelConfig Config, ImmutableDictionary<string, FolderConfig> Children, SourceLocation Location)
{
    public static FolderConfig Empty(string file) =>
        new(ModelConfig.Empty, ImmutableDictionary<string, FolderConfig>.Empty, SourceLocation.File(file));

    /// <summary>Merges the configs along <paramref name="folders"/> (the path below the resource root).</summary>
    public ModelConfig Resolve(IEnumerable<string> folders)
    {
        var config = Config;
        var node = this;
        foreach (var folder in folders)
        {
            if (!node.Children.TryGetValue(folder, out var child))
            {
                break;
            }

            config = config.Merge(child.Config);
            node = child;
        }

        return config;
    }
}
