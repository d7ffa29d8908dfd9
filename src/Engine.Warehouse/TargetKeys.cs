using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Warehouse;

/// <summary>
/// The checks every adapter makes of its target keys, declared as lists: unknown keys (with a suggestion), required
/// keys, and secrets, which must be <c>${NAME}</c> references and are never echoed.
/// </summary>
public sealed partial record TargetKeys(IReadOnlyList<string> Allowed, IReadOnlyList<string> Required, IReadOnlyList<string> Secrets)
{
    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();

    public void Check(TargetConfig target, DiagnosticBag bag)
    {
        var context = $"target '{target.Name}' ({target.Type})";
        foreach (var (key, setting) in target.Settings.OrderBy(s => s.Value.Location.Line))
        {
            if (!Allowed.Contains(key))
            {
                bag.Error(DiagnosticCodes.UnknownKey, $"unknown key '{key}' in {context}{NameSuggester.DidYouMean(key, Allowed)}", setting.Location);
            }
            else if (Secrets.Contains(key) && !EnvironmentReference().IsMatch(setting.Value))
            {
                // The value is never echoed: it may be the secret itself.
                bag.Error(DiagnosticCodes.InvalidValue,
                    $"'{key}' of target '{target.Name}' must be a reference such as ${{PG_PASSWORD}}, set in the environment or .env; secrets do not belong in pipeline.yml",
                    setting.Location);
            }
        }

        foreach (var key in Required)
        {
            if (key == "database" ? target.Database is null : target.Setting(key) is null)
            {
                bag.Error(DiagnosticCodes.MissingKey, $"{target.Type} target '{target.Name}' needs '{key}'", target.Location);
            }
        }
    }
}
