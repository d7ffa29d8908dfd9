using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Engine.Connectors.Strava.Config;

/// <summary>
/// The extract settings of the source whose <c>extract.connector</c> is <c>strava</c> in sources.yml:
/// <code>
/// staging: {database: strava}
/// extract: {connector: strava, lookback: 7 days, max_rate_limit_wait: 15 minutes}
/// </code>
/// Problems are reported at the offending key of sources.yml.
/// </summary>
public sealed record StravaSourceConfig(string SourceName, string StagingDatabase, TimeSpan Lookback, TimeSpan MaxRateLimitWait)
{
    private static readonly string[] ExtractKeys = ["connector", "lookback", "max_rate_limit_wait"];

    public static readonly TimeSpan DefaultLookback = TimeSpan.FromDays(7);

    public static readonly TimeSpan DefaultMaxRateLimitWait = TimeSpan.FromMinutes(15);

    public static StravaSourceConfig From(ProjectDefinition project)
    {
        var source = project.Sources.FirstOrDefault(s =>
            s.Connector.TryGetValue("extract", out var e) && e is IReadOnlyDictionary<string, object?> map
            && map.TryGetValue("connector", out var c) && c as string == "strava");
        if (source is null)
        {
            throw new ProjectException(DiagnosticCodes.StravaSourceMissing,
                "no source in sources.yml has 'extract: {connector: strava}'; add it to the source the extractor loads");
        }

        var bag = new DiagnosticBag();
        var extract = ExtractMap(source, bag);
        var staging = source.Connector.TryGetValue("staging", out var s) && s is IReadOnlyDictionary<string, object?> st
            && st.TryGetValue("database", out var db) && db is string name && name.Length > 0 ? name : null;
        if (staging is null)
        {
            bag.Error(DiagnosticCodes.StravaSourceMissing, $"source '{source.Name}' extracts from Strava but has no 'staging: {{database: ...}}'", source.Location);
        }

        var lookback = Duration(extract, "lookback", DefaultLookback, bag);
        var wait = Duration(extract, "max_rate_limit_wait", DefaultMaxRateLimitWait, bag);
        bag.ThrowIfErrors();
        return new StravaSourceConfig(source.Name, staging!, lookback, wait);
    }

    private static TimeSpan Duration(YamlMap? extract, string key, TimeSpan fallback, DiagnosticBag bag)
    {
        if (extract?.Get(key) is not { } node)
        {
            return fallback;
        }

        var value = node is YamlScalarNode scalar ? scalar.Value : null;
        if (!DurationText.TryParse(value, out var duration) || duration < TimeSpan.Zero)
        {
            bag.Error(DiagnosticCodes.StravaExtractConfig, $"'{key}' must be a duration such as '7 days', '15 minutes' or '0 seconds', not '{value}'", extract.At(node));
            return fallback;
        }

        return duration;
    }

    /// <summary>Reads the source's <c>extract</c> mapping again from sources.yml, for the positions of its keys.</summary>
    private static YamlMap? ExtractMap(SourceDefinition source, DiagnosticBag bag)
    {
        var path = source.Location.FilePath;
        var root = File.Exists(path) ? Engine.Core.Loading.YamlDocument.LoadMapping(path, File.ReadAllText(path), bag) : null;
        if (root?.Children.TryGetValue(new YamlScalarNode("sources"), out var sources) != true || sources is not YamlSequenceNode list)
        {
            return null;
        }

        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            if (item.Children.TryGetValue(new YamlScalarNode("name"), out var n) && (n as YamlScalarNode)?.Value == source.Name
                && item.Children.TryGetValue(new YamlScalarNode("extract"), out var e) && e is YamlMappingNode extract)
            {
                return new YamlMap(extract, path, bag, $"the extract settings of source '{source.Name}'", ExtractKeys);
            }
        }

        return null;
    }
}
