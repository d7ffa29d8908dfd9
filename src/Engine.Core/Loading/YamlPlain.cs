using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>Turns YAML nodes into plain values: string, long, double, bool, null, lists and dictionaries.</summary>
public static class YamlPlain
{
    public static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => sequence.Children.Select(ToPlain).ToImmutableArray(),
        YamlMappingNode mapping => mapping.Children.ToImmutableDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty, kv => ToPlain(kv.Value), StringComparer.Ordinal),
        _ => null,
    };

    public static object? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return value ?? string.Empty;
        }

        if (value is null or "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (value is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Any(char.IsDigit))
        {
            return d;
        }

        return value;
    }

    /// <summary>Renders a plain value for messages and YAML-to-string coercions.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        _ => value.ToString() ?? string.Empty,
    };
}
