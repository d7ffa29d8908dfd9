using System.Collections;
using System.Collections.Immutable;
using Scriban.Runtime;

namespace Engine.Core.Templating;

/// <summary>Converts between the engine's plain values (from YAML and --vars) and Scriban's objects.</summary>
public static class ScriptValues
{
    public static object? ToScript(object? value)
    {
        switch (value)
        {
            case null or string or bool or long or int or double:
                return value;
            case IReadOnlyDictionary<string, object?> map:
                var obj = new ScriptObject();
                foreach (var (k, v) in map)
                {
                    obj.SetValue(k, ToScript(v), readOnly: false);
                }

                return obj;
            case IEnumerable items:
                var array = new ScriptArray();
                foreach (var item in items)
                {
                    array.Add(ToScript(item));
                }

                return array;
            default:
                return value;
        }
    }

    public static object? ToPlain(object? value)
    {
        switch (value)
        {
            case null or string or bool or long or double:
                return value;
            case int i:
                return (long)i;
            case float or decimal:
                return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            case ScriptObject obj:
                return obj.ToImmutableDictionary(kv => kv.Key, kv => ToPlain(kv.Value), StringComparer.Ordinal);
            case IEnumerable items:
                return items.Cast<object?>().Select(ToPlain).ToImmutableArray();
            default:
                return value.ToString();
        }
    }
}
