using System.CommandLine;
using System.Diagnostics;
using Engine.Cli.Output;
using Engine.Orchestration.Freshness;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine source freshness</c>, dbt's command: checks each source table's newest <c>loaded_at_field</c> against its
/// thresholds, writes <c>target/sources.json</c>, and exits 1 when one is past <c>error_after</c> or its query failed.
/// </summary>
public static class SourceCommand
{
    public static Command Create()
    {
        var source = new Command("source", "Commands about sources");
        var freshness = new Command("freshness", "Check source freshness (freshness and loaded_at_field in sources.yml); writes target/sources.json; exit 1 when a source is past error_after");
        CommandGuard.SetAction(freshness, async (result, token) =>
        {
            var session = GlobalOptions.Open(result);
            var clock = Stopwatch.StartNew();
            var results = await FreshnessChecker.CheckSourcesAsync(session, TimeProvider.System, token).ConfigureAwait(false);
            var path = SourcesJsonWriter.Write(session.Options.ProjectDirectory, results, TimeProvider.System.GetUtcNow(), clock.Elapsed);
            FreshnessOutput.Print(Console.Out, results, Path.GetRelativePath(Environment.CurrentDirectory, path));
            return results.Any(r => r.Status is FreshnessStatus.Error or FreshnessStatus.RuntimeError) ? ExitCodes.RunFailed : ExitCodes.Success;
        });
        source.Subcommands.Add(freshness);
        return source;
    }
}
