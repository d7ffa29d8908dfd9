using System.CommandLine;
using System.Diagnostics;
using Engine.Core.Project;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Sessions;

namespace Engine.Cli.Commands;

/// <summary><c>engine compile</c>: renders the selected nodes into target/compiled/ exactly as they will run.</summary>
public static class CompileCommand
{
    public static Command Create()
    {
        var command = new Command("compile", "Compile models, snapshots and tests into SQL under <project>/target/compiled/");
        command.Options.Add(GlobalOptions.Select);
        command.Options.Add(GlobalOptions.Exclude);
        CommandGuard.SetAction(command, (result, _) =>
        {
            var clock = Stopwatch.StartNew();
            var session = ProjectSession.Open(GlobalOptions.Bind(result));
            var compiled = session.Compile(session.SelectNodes());
            var written = CompiledSqlWriter.Write(compiled);
            var counts = compiled.Nodes
                .GroupBy(n => n.Node.Type)
                .OrderBy(g => g.Key)
                .Select(g => $"{g.Count()} {ResourceTypes.Name(g.Key)}{(g.Count() == 1 ? string.Empty : "s")}");
            var target = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(session.Definition.TargetDirectory, "compiled"));
            Console.WriteLine($"Compiled {written} nodes ({string.Join(", ", counts)}) for target '{session.Target.Name}' ({session.Target.Type}) in {clock.Elapsed.TotalSeconds:F2}s -> {target}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
