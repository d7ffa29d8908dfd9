using System.Collections.Immutable;
using Cronos;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;

namespace Engine.Core.Loading;

/// <summary>
/// <c>schedules:</c> of pipeline.yml: a list of schedules, each with a name, a cron expression (5 fields or
/// <c>@daily</c>-style) validated by Cronos, a time zone, what to run, which partition and how to catch up.
/// </summary>
/// <example><code>
/// schedules:
///   - name: daily_refresh
///     cron: "0 3 * * *"
///     timezone: Europe/Amsterdam
///     steps: [extract, sync, build]
///     partitions: daily
///     partition: previous
///     catch_up: latest
///     catch_up_window: 7d
/// </code></example>
public static class SchedulesReader
{
    private static readonly string[] Keys = ["name", "cron", "timezone", "steps", "select", "partitions", "partition", "catch_up", "catch_up_window", "description"];

    private static readonly string[] PartitionChoices = ["none", "previous", "current"];

    private static readonly string[] CatchUps = ["none", "latest", "all"];

    public static ImmutableArray<ScheduleDefinition> Read(YamlMap pipeline, ImmutableDictionary<string, PartitionsDefinition> partitions, DiagnosticBag bag)
    {
        var result = ImmutableArray.CreateBuilder<ScheduleDefinition>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var node in pipeline.Mappings("schedules", "schedule"))
        {
            var map = new YamlMap(node, pipeline.FilePath, bag, "a schedule", Keys);
            var name = map.RequiredString("name", "a schedule");
            if (name is null)
            {
                continue;
            }

            if (!names.TryAdd(name, map.Location))
            {
                bag.Error(DiagnosticCodes.DuplicateName, $"schedule '{name}' is declared twice (first at line {names[name].Line})", map.Location);
                continue;
            }

            if (Read(name, map, partitions) is { } schedule)
            {
                result.Add(schedule);
            }
        }

        return result.ToImmutable();
    }

    private static ScheduleDefinition? Read(string name, YamlMap map, ImmutableDictionary<string, PartitionsDefinition> partitions)
    {
        var bag = map.Bag;
        var context = $"schedule '{name}'";
        var cronText = map.RequiredString("cron", context);
        var cron = cronText is null ? null : ParseCron(cronText, map, context);
        var zone = TimeZoneReader.Read(map);

        var partitionsName = map.String("partitions");
        if (partitionsName is not null && !partitions.ContainsKey(partitionsName))
        {
            bag.Error(DiagnosticCodes.ScheduleInvalid,
                $"{context} uses partitions '{partitionsName}', which 'partitions:' does not define{NameSuggester.DidYouMean(partitionsName, partitions.Keys)}",
                map.At(map.Get("partitions")!));
        }

        var partition = map.OneOf("partition", PartitionChoices) switch
        {
            "previous" => SchedulePartition.Previous,
            "current" => SchedulePartition.Current,
            "none" => SchedulePartition.None,
            _ => partitionsName is null ? SchedulePartition.None : SchedulePartition.Previous,
        };
        if (partition != SchedulePartition.None && partitionsName is null)
        {
            bag.Error(DiagnosticCodes.ScheduleInvalid, $"{context} chooses partition '{map.String("partition")}' but names no 'partitions' definition", map.KeyLocation("partition"));
        }

        var catchUp = map.OneOf("catch_up", CatchUps) switch
        {
            "none" => CatchUp.None,
            "all" => CatchUp.All,
            _ => CatchUp.Latest,
        };

        var window = TimeSpan.FromDays(7);
        if (map.String("catch_up_window") is { } windowText && (!DurationParser.TryParse(windowText, out window) || window <= TimeSpan.Zero))
        {
            bag.Error(DiagnosticCodes.InvalidValue, $"'catch_up_window' of {context} must be a duration such as {DurationParser.Examples}, not '{windowText}'", map.At(map.Get("catch_up_window")!));
        }

        if (cron is null || cronText is null)
        {
            return null;
        }

        return new ScheduleDefinition(name, cronText, cron, zone, map.Location)
        {
            Steps = StepListReader.Read(map, "steps", bag) ?? [],
            Select = map.StringList("select"),
            Partitions = partitionsName,
            Partition = partition,
            CatchUp = catchUp,
            CatchUpWindow = window,
        };
    }

    internal static CronExpression? ParseCron(string text, YamlMap map, string context, string key = "cron")
    {
        try
        {
            // Five fields (minute hour day month weekday) or a macro such as @daily; seconds are not offered.
            return CronExpression.Parse(text, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            map.Bag.Error(DiagnosticCodes.CronInvalid,
                $"'{key}' of {context} is not a cron expression ('{text}': {e.Message}); write 5 fields (minute hour day month weekday) such as \"0 3 * * *\", or @hourly, @daily, @weekly, @monthly",
                map.At(map.Get(key)!));
            return null;
        }
    }
}
