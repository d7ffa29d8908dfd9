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
            Description = "Parse and render every file, ignoring target/partial_compile.bin (it is still rewritten)",
        };
        command.Options.Add(noPartial);
        CommandGuard.SetAction(command, (result, _) =>
        {
            var clock = Stopwatch.StartNew();
            // Progress for people watching a large project compile; CI logs (redirected) get the summary only.
            var progress = !Console.IsErrorRedirected;
            var session = ProjectSession.Open(GlobalOptions.Bind(result) with { PartialCompile = true, IgnoreCompileCache = result.GetValue(noPartial) }, EngineComposition.Warehouses);
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
            var files = CompileArtifacts.Write(session, compiled);
            session.SaveCompileCache();
            session.Timings.Add(("write", writing.Elapsed));
            var counts = compiled.Nodes
                .GroupBy(n => n.Node.Type)
                .OrderBy(g => g.Key)
                .Select(g => $"{g.Count()} {(g.Count() == 1 ? ResourceTypes.Name(g.Key) : g.Key == ResourceType.Analysis ? "analyses" : ResourceTypes.Name(g.Key) + "s")}");
            var where = Path.GetRelativePath(Environment.CurrentDirectory, files.Directory);
            Console.WriteLine(
                $"Compiled {files.Files} nodes{(files.Files == 0 ? string.Empty : $" ({string.Join(", ", counts)})")} for target '{session.Target.Name}' ({session.Target.Type}) " +
                $"in {clock.Elapsed.TotalSeconds:F2}s -> {where} ({files.Written} written, {files.Files - files.Written} unchanged)");
            if (result.GetValue(GlobalOptions.Debug))
            {
                if (session.Parsed.Cache is { } cache)
                {
                    Console.Error.WriteLine($"partial compile: {cache.ParseHits} files parsed and {cache.RenderHits} nodes rendered from {CompileCache.FileName}, {files.ManifestEntriesReused} manifest entries copied, {session.Definition.ModelFilesUnread} model files not read (stamps unchanged)");
                }

                Console.Error.WriteLine("timings: " + string.Join(", ", session.Timings.Select(t => $"{t.Phase} {t.Elapsed.TotalSeconds:F3}s")) + $"; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalSeconds:F3}s, allocated {GC.GetTotalAllocatedBytes() / 1048576} MiB");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
