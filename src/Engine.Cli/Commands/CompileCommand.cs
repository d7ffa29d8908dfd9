using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using Engine.Cli.Composition;
using Engine.Core.Compilation.Caching;
using Engine.Core.Project;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Sessions;

namespace Engine.Cli.Commands;

/// <summary><c>engine compile</c>: renders the selected nodes into target/compiled/ exactly as they will run, and writes manifest.json.</summary>
public static class CompileCommand
{
    public static Command Create()
    {
        var command = new Command("compile", "Compile models, snapshots and tests into SQL under <project>/target/compiled/ and write target/manifest.json");
        command.Options.Add(GlobalOptions.Select);
        command.Options.Add(GlobalOptions.Exclude);
        command.Options.Add(GlobalOptions.State);
        command.Options.Add(GlobalOptions.Defer);
        command.Options.Add(GlobalOptions.FavorState);
        var noPartial = new Option<bool>("--no-partial-compile")
        {
            Description = "Parse and render every file, ignoring target/partial_compile.bin and the compile shortcut (both are still rewritten)",
        };
        command.Options.Add(noPartial);
        CommandGuard.SetAction(command, (result, _) =>
        {
            var clock = Stopwatch.StartNew();
            var debug = result.GetValue(GlobalOptions.Debug);
            var options = GlobalOptions.Bind(result) with { PartialCompile = true, IgnoreCompileCache = result.GetValue(noPartial) };
            if (CompileShortcut.TryRun(options, EngineComposition.Warehouses) is { } shortcut)
            {
                PrintSummary(shortcut.Files, shortcut.Written, shortcut.Directory, shortcut.Counts, shortcut.TargetName, shortcut.TargetType, clock.Elapsed);
                if (debug)
                {
                    Console.Error.WriteLine($"partial compile: shortcut ({CompileShortcutState.FileName}): {shortcut.ModelsRead} edited model file(s) rendered again; every other input unchanged");
                    PrintTimings([.. shortcut.Timings, ("shortcut", shortcut.Elapsed)]);
                }

                return Task.FromResult(ExitCodes.Success);
            }

            // Dropped before anything is written, so a compile that fails half-way leaves no state describing target/.
            CompileShortcut.Forget(options.ProjectDirectory);

            // Progress for people watching a large project compile; CI logs (redirected) get the summary only.
            var progress = !Console.IsErrorRedirected;
            var session = ProjectSession.Open(options, EngineComposition.Warehouses);
            if (session.Parsed.Cache?.Notice is { } notice)
            {
                Console.Error.WriteLine($"notice: {notice}");
            }

            if (progress)
            {
                Console.Error.WriteLine($"parsed {session.Parsed.Graph.Nodes.Count} nodes in {clock.Elapsed.TotalSeconds:F2}s; compiling...");
            }

            var compiled = session.Compile(session.SelectNodes());
            if (progress)
            {
                Console.Error.WriteLine($"compiled {compiled.Nodes.Length} nodes in {clock.Elapsed.TotalSeconds:F2}s; writing...");
            }

            var writing = Stopwatch.StartNew();
            var shortcutState = CompileShortcut.Prepare(session, compiled);
            var files = CompileArtifacts.Write(session, compiled);
            session.SaveCompileCache();
            CompileShortcut.Save(session, shortcutState, files);
            session.Timings.Add(("write", writing.Elapsed));
            var counts = compiled.Nodes.GroupBy(n => n.Node.Type).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToImmutableArray();
            PrintSummary(files.Files, files.Written, files.Directory, counts, session.Target.Name, session.Target.Type, clock.Elapsed);
            if (debug)
            {
                if (session.Parsed.Cache is { } cache)
                {
                    Console.Error.WriteLine($"partial compile: {cache.ParseHits} files parsed and {cache.RenderHits} nodes rendered from {CompileCache.FileName}, {files.ManifestEntriesReused} manifest entries copied, {session.Definition.ModelFilesUnread} model files not read (stamps unchanged)");
                }

                PrintTimings(session.Timings);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void PrintSummary(
        int files, int written, string directory, ImmutableArray<(ResourceType Type, int Count)> counts, string target, string type, TimeSpan elapsed)
    {
        var kinds = counts.Select(c => $"{c.Count} {(c.Count == 1 ? ResourceTypes.Name(c.Type) : c.Type == ResourceType.Analysis ? "analyses" : ResourceTypes.Name(c.Type) + "s")}");
        var where = Path.GetRelativePath(Environment.CurrentDirectory, directory);
        Console.WriteLine(
            $"Compiled {files} nodes{(files == 0 ? string.Empty : $" ({string.Join(", ", kinds)})")} for target '{target}' ({type}) " +
            $"in {elapsed.TotalSeconds:F2}s -> {where} ({written} written, {files - written} unchanged)");
    }

    private static void PrintTimings(IEnumerable<(string Phase, TimeSpan Elapsed)> timings) =>
        Console.Error.WriteLine("timings: " + string.Join(", ", timings.Select(t => $"{t.Phase} {t.Elapsed.TotalSeconds:F3}s")) + $"; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalSeconds:F3}s, allocated {GC.GetTotalAllocatedBytes() / 1048576} MiB");
}
