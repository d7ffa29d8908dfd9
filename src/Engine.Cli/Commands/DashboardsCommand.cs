using System.CommandLine;
using Engine.Web.Dashboards;

namespace Engine.Cli.Commands;

/// <summary><c>engine dashboards build</c>: one self-contained HTML file per dashboard under target/dashboards/.</summary>
public static class DashboardsCommand
{
    public static Command Create()
    {
        var build = new Command("build", "Write one self-contained HTML file per dashboard (data embedded, opens offline) under <project>/target/dashboards/");
        build.Options.Add(GlobalOptions.Select);
        build.Options.Add(GlobalOptions.Exclude);
        CommandGuard.SetAction(build, async (result, token) =>
        {
            var written = await StaticDashboards.BuildAsync(GlobalOptions.Open(result), token).ConfigureAwait(false);
            foreach (var (path, bytes) in written)
            {
                Console.WriteLine($"  {Path.GetRelativePath(Environment.CurrentDirectory, path)}  {bytes / 1024.0:F0} KiB");
            }

            Console.WriteLine($"Wrote {written.Count} dashboard{(written.Count == 1 ? string.Empty : "s")}");
            return ExitCodes.Success;
        });
        var command = new Command("dashboards", "Dashboards declared in <project>/dashboards/*.yml");
        command.Subcommands.Add(build);
        return command;
    }
}
