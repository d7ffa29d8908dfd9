using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Warehouse.Snowflake;

/// <summary>A snowflake target's keys with <c>${NAME}</c> references resolved from the settings; a value is never put in a message.</summary>
internal sealed class SnowflakeTargetSettings
{
    private readonly TargetConfig _target;
    private readonly WarehouseEnvironment _environment;

    public SnowflakeTargetSettings(TargetConfig target, WarehouseEnvironment environment)
    {
        _target = target;
        _environment = environment;
    }

    public string Database => Resolve(_target.Database, "database") ?? "ANALYTICS";

    public string? Warehouse => Resolve("warehouse");

    public string? Role => Resolve("role");

    public string? Resolve(string key) => Resolve(_target.Setting(key), key);

    private string? Resolve(string? value, string key)
    {
        if (value is null)
        {
            return null;
        }

        var result = value;
        var start = result.IndexOf("${", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = result.IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            var name = result[(start + 2)..end];
            var setting = _environment.Setting(name)
                ?? throw new ProjectException(DiagnosticCodes.UnknownTarget,
                    $"{key} of target '{_target.Name}' refers to ${{{name}}}, which is not set in the environment or .env", _target.Location);
            result = string.Concat(result.AsSpan(0, start), setting, result.AsSpan(end + 1));
            start = result.IndexOf("${", start + setting.Length, StringComparison.Ordinal);
        }

        return result;
    }
}
