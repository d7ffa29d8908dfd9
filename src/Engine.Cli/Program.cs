using System.CommandLine;
using Engine.Cli.Commands;

namespace Engine.Cli;

/// <summary>The composition root of the <c>engine</c> command: verbs are thin and call the runtime.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("engine: a declarative pipeline engine (extract, CDC sync, transform, test) for analytics engineers");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(CompileCommand.Create());
        root.Subcommands.Add(LsCommand.Create());
        root.Subcommands.Add(LocalCommand.Create());
        foreach (var command in BuildCommand.CreateAll())
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(AuthCommand.Create());
        root.Subcommands.Add(SandboxCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RetryCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(SourceCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(FreshnessCommand.Create());
        root.Subcommands.Add(ScheduleCommand.Create());
        root.Subcommands.Add(DaemonCommand.Create());
        root.Subcommands.Add(BackfillCommand.Create());
        root.Subcommands.Add(DashboardsCommand.Create());
        root.Subcommands.Add(DocsCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(StravaCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error ENG0001: {error.Message}");
            }

            Console.Error.WriteLine("Run 'engine --help' for usage.");
            return ExitCodes.BadProject;
        }

        // Long enough for a daemon to drain (finish its run in progress) on SIGTERM; other verbs stop at once on the token.
        return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = Engine.Orchestration.Daemon.DaemonLoop.DrainTimeout });
    }
}
