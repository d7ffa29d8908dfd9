using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>
/// A dbt profile's postgres outputs become pipeline.yml targets. Secrets are never copied: a password becomes
/// <c>${NAME}</c> (the variable <c>env_var('NAME')</c> named, or PROFILE_PASSWORD for one written in the file), to be set
/// in the environment or .env. Other adapter types are reported and left out.
/// </summary>
public static partial class ProfileConverter
{
    private static readonly Dictionary<string, string> PostgresKeys = new(StringComparer.Ordinal)
    {
        ["type"] = "type",
        ["host"] = "host",
        ["port"] = "port",
        ["user"] = "user",
        ["dbname"] = "database",
        ["database"] = "database",
        ["schema"] = "schema",
        ["threads"] = "threads",
        ["sslmode"] = "sslmode",
        ["password"] = "password",
        ["pass"] = "password",
    };

    public static ProfileTargets Convert(string profilesFile, string profileName, ImportLog context)
    {
        if (!File.Exists(profilesFile))
        {
            return ProfileTargets.None;
        }

        var root = Engine.Core.Loading.YamlDocument.LoadMapping(profilesFile, File.ReadAllText(profilesFile), context.Bag);
        var profile = root is null ? null : YamlValues.Get(root, profileName) as YamlMappingNode;
        if (profile is null)
        {
            context.NotConverted($"no profile '{profileName}' in profiles.yml; the project gets the engine's default target", profilesFile, null);
            return ProfileTargets.None;
        }

        var targets = new Dictionary<string, object?>(StringComparer.Ordinal);
        var schemas = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlValues.Get(profile, "outputs") is YamlMappingNode outputs)
        {
            foreach (var (name, keyNode, value) in YamlValues.Entries(outputs))
            {
                if (value is not YamlMappingNode output)
                {
                    continue;
                }

                var type = YamlValues.Text(YamlValues.Get(output, "type"));
                if (type != "postgres")
                {
                    context.NotConverted($"target '{name}' is of type '{type}'; only postgres outputs are imported", profilesFile, keyNode);
                    continue;
                }

                targets[name] = Target(output, profileName, profilesFile, context);
                schemas[name] = YamlValues.Text(YamlValues.Get(output, "schema")) ?? "public";
            }
        }

        var wanted = YamlValues.Text(YamlValues.Get(profile, "target"));
        var chosen = wanted is not null && targets.ContainsKey(wanted) ? wanted : targets.Keys.FirstOrDefault();
        return chosen is null ? ProfileTargets.None : new ProfileTargets(targets, chosen, schemas[chosen]);
    }

    private static Dictionary<string, object?> Target(YamlMappingNode output, string profileName, string file, ImportLog context)
    {
        var target = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in YamlValues.Entries(output))
        {
            if (!PostgresKeys.TryGetValue(key, out var engineKey))
            {
                context.Dropped($"profile key '{key}' has no counterpart in the engine's postgres target; dropped", file, keyNode);
                continue;
            }

            var text = YamlValues.Text(value);
            if (text is not null && text.Contains("{{", StringComparison.Ordinal))
            {
                var match = EnvVar().Match(text);
                if (!match.Success)
                {
                    context.NotConverted($"profile value of '{key}' is a template other than env_var('NAME'); dropped", file, value);
                    continue;
                }

                target[engineKey] = "${" + match.Groups["name"].Value + "}";
            }
            else if (engineKey == "password")
            {
                var name = new string(profileName.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()) + "_PASSWORD";
                target[engineKey] = "${" + name + "}";
                context.NotConverted($"the password written in profiles.yml is not copied: set {name} in the environment or .env", file, keyNode);
            }
            else
            {
                target[engineKey] = YamlValues.Plain(value);
            }
        }

        return target;
    }

    [GeneratedRegex(@"^\s*\{\{\s*env_var\(\s*['""](?<name>[A-Za-z_][A-Za-z0-9_]*)['""]\s*(,[^)]*)?\)\s*(\|\s*(int|as_number|as_text))?\s*\}\}\s*$")]
    private static partial Regex EnvVar();
}
