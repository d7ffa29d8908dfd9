using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using Engine.Orchestration.Partitions;

namespace Engine.Orchestration.Backfills;

/// <summary>
/// Which partitions a backfill covers and how they are grouped into runs. Consecutive partitions share one run (one
/// extract window, one build over the whole range) up to <see cref="BackfillRequest.MaxPartitionsPerRun"/>; a gap
/// (a partition already done) ends a run.
/// </summary>
public static class BackfillPlanner
{
    /// <exception cref="ProjectException">No or several partitions definitions to choose from, or a bad key.</exception>
    public static PartitionsDefinition Definition(OrchestrationConfig config, string? name)
    {
        if (name is not null)
        {
            return config.Partitions.TryGetValue(name, out var named) ? named
                : throw new ProjectException(DiagnosticCodes.PartitionKeyInvalid,
                    $"no partitions definition '{name}' in pipeline.yml (declared: {Names(config)})", null);
        }

        return config.Partitions.Count == 1 ? config.Partitions.Values.Single()
            : throw new ProjectException(DiagnosticCodes.PartitionKeyInvalid, config.Partitions.IsEmpty
                ? "pipeline.yml declares no partitions: a backfill needs a 'partitions:' definition"
                : $"pipeline.yml declares several partitions definitions ({Names(config)}): choose one with --partitions", null);
    }

    /// <summary>The partitions from <c>from</c> to <c>to</c>, both included, all of them closed at <paramref name="now"/>.</summary>
    /// <exception cref="ProjectException">A malformed key, one before the start or not yet closed, or a reversed range.</exception>
    public static ImmutableArray<PartitionWindow> Range(PartitionsDefinition definition, string from, string to, DateTimeOffset now)
    {
        var first = Parse(definition, from, "--from");
        var last = Parse(definition, to, "--to");
        if (last.Start < first.Start)
        {
            throw new ProjectException(DiagnosticCodes.PartitionKeyInvalid, $"--to {to} is before --from {from}", null);
        }

        var closed = PartitionWindow.LastClosedAt(definition, now);
        if (closed is null || last.Start > closed.Start)
        {
            throw new ProjectException(DiagnosticCodes.PartitionKeyInvalid,
                $"--to {to}: partition not closed yet (the last closed partition of '{definition.Name}' is {closed?.Key ?? "none"})", null);
        }

        return [.. PartitionWindow.Range(definition, first, last)];
    }

    /// <exception cref="ProjectException">The key is not a partition of the definition.</exception>
    public static PartitionWindow Parse(PartitionsDefinition definition, string key, string option) =>
        PartitionWindow.Parse(definition, key) ?? throw new ProjectException(DiagnosticCodes.PartitionKeyInvalid,
            $"{option} '{key}' is not a partition of '{definition.Name}' ({definition.Grain.ToString().ToLowerInvariant()} from " +
            $"{definition.Start:yyyy-MM-dd}; keys look like {(definition.Grain == PartitionGrain.Hourly ? "2024-01-15-06:00" : "2024-01-15")})", null);

    /// <summary>The runs to start: stretches of consecutive pending partitions, each at most <paramref name="maxPerRun"/> long.</summary>
    public static ImmutableArray<ImmutableArray<PartitionWindow>> Batches(IReadOnlyList<PartitionWindow> windows, IReadOnlySet<string> pending, int? maxPerRun)
    {
        var batches = ImmutableArray.CreateBuilder<ImmutableArray<PartitionWindow>>();
        var current = ImmutableArray.CreateBuilder<PartitionWindow>();
        foreach (var window in windows)
        {
            var full = maxPerRun is { } max && current.Count >= max;
            if (!pending.Contains(window.Key) || full)
            {
                Flush();
            }

            if (pending.Contains(window.Key))
            {
                current.Add(window);
            }
        }

        Flush();
        return batches.ToImmutable();

        void Flush()
        {
            if (current.Count > 0)
            {
                batches.Add(current.ToImmutable());
                current.Clear();
            }
        }
    }

    private static string Names(OrchestrationConfig config) => string.Join(", ", config.Partitions.Keys.Order(StringComparer.Ordinal));
}
