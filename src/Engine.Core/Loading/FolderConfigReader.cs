using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>
/// Reads pipeline.yml's <c>models:</c> / <c>seeds:</c> tree. <c>+key</c> entries configure a folder; other keys
/// must name an existing sub-folder (a misspelt folder would otherwise silently configure nothing).
/// A first level named after the project is accepted as the root, as in dbt_project.yml.
/// </summary>
public static class FolderConfigReader
{
    public static FolderConfig Read(
        YamlMappingNode? node, string filePath, string projectName, string resourceRoot,
        IReadOnlySet<string> existingFolders, DiagnosticBag bag)
    {
        if (node is null)
        {
            return FolderConfig.Empty(filePath);
        }

        return ReadFolder(node, filePath, projectName, resourceRoot, string.Empty, existingFolders, bag, isRoot: true);
    }

    private static FolderConfig ReadFolder(
        YamlMappingNode node, string filePath, string projectName, string resourceRoot, string folder,
        IReadOnlySet<string> existingFolders, DiagnosticBag bag, bool isRoot)
    {
        var config = ModelConfigReader.Read(YamlConfigEntries.From(node, filePath, plusPrefixed: true), bag, $"'{resourceRoot}/{folder}' folder config");
        var children = ImmutableDictionary.CreateBuilder<string, FolderConfig>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || key.StartsWith('+'))
            {
                continue;
            }

            var location = YamlDocument.At(filePath, keyNode);
            if (value is not YamlMappingNode childNode)
            {
                var hint = ModelConfigReader.KnownKeys.Contains(key) ? $"; config keys start with '+': write '+{key}'" : string.Empty;
                bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' under '{resourceRoot}:' must be a folder holding '+key' configs{hint}", location);
                continue;
            }

            if (isRoot && key == projectName && !existingFolders.Contains(key))
            {
                var root = ReadFolder(childNode, filePath, projectName, resourceRoot, folder, existingFolders, bag, isRoot: false);
                config = config.Merge(root.Config);
                children.AddRange(root.Children);
                continue;
            }

            var path = folder.Length == 0 ? key : $"{folder}/{key}";
            if (!existingFolders.Contains(path))
            {
                var siblings = existingFolders
                    .Where(f => f.StartsWith(folder.Length == 0 ? string.Empty : folder + "/", StringComparison.Ordinal))
                    .Select(f => f[(folder.Length == 0 ? 0 : folder.Length + 1)..])
                    .Where(f => !f.Contains('/'));
                var hint = ModelConfigReader.KnownKeys.Contains(key)
                    ? $"; config keys start with '+': write '+{key}'"
                    : NameSuggester.DidYouMean(key, siblings);
                bag.Error(DiagnosticCodes.UnknownKey, $"no folder '{resourceRoot}/{path}' for this config{hint}", location);
                continue;
            }

            children[key] = ReadFolder(childNode, filePath, projectName, resourceRoot, path, existingFolders, bag, isRoot: false);
        }

        return new FolderConfig(config, children.ToImmutable(), YamlDocument.At(filePath, node));
    }
}
