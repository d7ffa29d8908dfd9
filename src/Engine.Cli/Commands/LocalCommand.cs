using System.CommandLine;
using Engine.Runtime.Configuration;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Postgres.LocalCluster;

namespace Engine.Cli.Commands;

/// <summary><c>engine local start|stop|destroy|status</c>: the managed PostgreSQL cluster used when no warehouse is configured.</summary>
public static class LocalCommand
{
    public static Command Create()
    {
        var local = new Command("local", "Manage the local PostgreSQL cluster the engine runs when no warehouse host is configured");
        local.Subcommands.Add(Verb("start", "Create (first time) and start the cluster, or reuse the running one", async (cluster, token) =>
        {
            var instance = await cluster.EnsureStartedAsync(token).ConfigureAwait(false);
            Console.WriteLine($"local PostgreSQL running at {instance.Host}:{instance.Port} (user {instance.User}, data {Relative(cluster.DataDirectory)})");
            Console.WriteLine($"connect: psql -h {instance.Host} -p {instance.Port} -U {instance.User} postgres");
        }));
        local.Subcommands.Add(Verb("stop", "Stop the cluster; its data stays for the next start", async (cluster, token) =>
        {
            await cluster.StopAsync(token).ConfigureAwait(false);
            Console.WriteLine($"local PostgreSQL stopped ({Relative(cluster.DataDirectory)})");
        }));
        local.Subcommands.Add(Verb("destroy", "Stop the cluster and delete its data folder", async (cluster, token) =>
        {
            await cluster.DestroyAsync(token).ConfigureAwait(false);
            Console.WriteLine($"local PostgreSQL destroyed ({Relative(cluster.DataDirectory)} removed)");
        }));
        local.Subcommands.Add(Verb("status", "Show whether the cluster exists and runs, and where", async (cluster, token) =>
        {
            var status = await cluster.GetStatusAsync(token).ConfigureAwait(false);
            var state = status.IsRunning && status.Instance is { } i
                ? $"running at {i.Host}:{i.Port} (pid {status.ProcessId})"
                : status.IsInitialized ? "stopped" : "not created yet (engine local start creates it)";
            Console.WriteLine($"local PostgreSQL: {state}; data {Relative(cluster.DataDirectory)}");
        }));
        return local;
    }

    /// <summary>The cluster of the project given by --project-dir: .engine/postgres beside the project folder, or under ENGINE_HOME.</summary>
    public static LocalPostgresCluster ClusterFor(ParseResult result) =>
        PostgresServer.LocalClusterFor(WorkspacePaths.EngineHome(result.GetValue(GlobalOptions.ProjectDir) ?? "project"));

    private static Command Verb(string name, string description, Func<LocalPostgresCluster, CancellationToken, Task> action)
    {
        var command = new Command(name, description);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            await action(ClusterFor(result), token).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
