using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>
/// dbt_project.yml's <c>models:</c> / <c>seeds:</c> / <c>snapshots:</c> trees to pipeline.yml's: the level named after the
/// project becomes the root, config keys get their <c>+</c> (dbt accepts them without one), other keys must be folders
/// that exist in the imported project; dropped keys are reported.
/// </summary>
public static class FolderConfigConverter
{
    public static Dictionary<string, object?> Convert(
        YamlMappingNode? node, string file, string resource, IReadOnlySet<string> folders, ImportContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }

        foreach (var (key, keyNode, value) in YamlValues.Entries(node))
        {
            if (key == context.ProjectName && value is YamlMappingNode root)
            {
                Folder(root, file, resource, string.Empty, folders, context, result);
            }
            else if (key.StartsWith('+') || ConfigKeyMapper.IsConfigKey(key))
            {
                Config(key, keyNode, value, file, context, result);
            }
            else
            {
                context.Dropped($"'{resource}: {key}:' configures another package's {resource}; packages are not imported", file, keyNode);
            }
        }

        return result;
    }

    private static void Folder(
        YamlMappingNode node, string file, string resource, string folder, IReadOnlySet<string> folders, ImportContext context,
        Dictionary<string, object?> into)
    {
        foreach (var (key, keyNode, value) in YamlValues.Entries(node))
        {
            var path = folder.Length == 0 ? key : $"{folder}/{key}";
            if (key.StartsWith('+') || (ConfigKeyMapper.IsConfigKey(key) && !(value is YamlMappingNode && folders.Contains(path))))
            {
                Config(key, keyNode, value, file, context, into);
            }
            else if (value is YamlMappingNode child && folders.Contains(path))
            {
                var converted = new Dictionary<string, object?>(StringComparer.Ordinal);
                Folder(child, file, resource, path, folders, context, converted);
                if (converted.Count > 0)
                {
                    into[key] = converted;
                }
            }
            else
            {
                context.Dropped($"'{key}' is neither a config key nor a folder of {resource}/", file, keyNode);
            }
        }
    }

    private static void Config(string key, YamlNode keyNode, YamlNode value, string file, ImportContext context, Dictionary<string, object?> into)
    {
        var plain = YamlValues.Plain(value);
        var mapping = context.ConfigKeys.Map(key, plain is Dictionary<string, object?> ? null : plain);
        if (mapping.Key is null)
        {
            context.Dropped(mapping.Reason! + "; dropped", file, keyNode);
            return;
        }

        var converted = mapping.Rewritten ? mapping.Value : plain;
        into["+" + mapping.Key] = mapping.Key is "pre_hook" or "post_hook" ? context.ConvertHooks(converted, file, value) : converted;
    }
}
