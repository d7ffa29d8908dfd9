using Engine.Core.Diagnostics;
using Engine.Import.Dbt.Jinja;
using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>What the parts of one import share: the converters, the warnings, the docs blocks and the generic test names.</summary>
public sealed class ImportContext
{
    public ImportContext(string projectName, ConfigKeyMapper configKeys, ImportLog log)
    {
        ProjectName = projectName;
        ConfigKeys = configKeys;
        Log = log;
        Expressions = new JinjaExpressionConverter(configKeys);
        Templates = new JinjaTemplateConverter(Expressions);
    }

    public string ProjectName { get; }

    public ConfigKeyMapper ConfigKeys { get; }

    public ImportLog Log { get; }

    public JinjaExpressionConverter Expressions { get; }

    public JinjaTemplateConverter Templates { get; }

    /// <summary>docs blocks by name, for <c>{{ doc('name') }}</c> in descriptions.</summary>
    public Dictionary<string, string> Docs { get; } = new(StringComparer.Ordinal);

    /// <summary>The project's own generic tests (built-in ones are always known).</summary>
    public HashSet<string> GenericTests { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A hook written in YAML (a string or a list of them) is a template too: converted like a model, its warnings placed
    /// at the YAML value (positions inside the string would not be lines of the file).
    /// </summary>
    public object? ConvertHooks(object? value, string file, YamlNode node)
    {
        return value switch
        {
            string hook => Hook(hook),
            List<object?> hooks => hooks.Select(h => h is string s ? Hook(s) : h).ToList(),
            _ => value,
        };

        string Hook(string hook)
        {
            var inner = new DiagnosticBag();
            var converted = Templates.Convert(hook, file, inner);
            foreach (var warning in inner.ToSortedList())
            {
                Log.Bag.Add(warning with { Location = Engine.Core.Loading.YamlDocument.At(file, node) });
            }

            return converted.Text;
        }
    }

    public void NotConverted(string message, string file, YamlNode? node) => Log.NotConverted(message, file, node);

    public void Dropped(string message, string file, YamlNode? node) => Log.Dropped(message, file, node);
}
