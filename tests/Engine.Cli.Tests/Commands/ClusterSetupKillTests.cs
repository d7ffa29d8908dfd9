using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// The managed cluster's first set-up (initdb, first start) killed at many points: the next command recovers by
/// itself, whatever the kill left behind (a half-written folder, an initdb or a postmaster still running, shared
/// memory still attached).
/// </summary>
public sealed class ClusterSetupKillTests
{
    /// <summary>Milliseconds after the engine starts; together they cover start-up, initdb and the first server start.</summary>
    public static TheoryData<int, bool> KillPoints() => new()
    {
        { 250, true }, { 500, false }, { 800, true }, { 1100, false }, { 1400, true },
        { 1700, false }, { 2000, true }, { 2500, false }, { 3000, true }, { 3600, false },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task A_set_up_killed_part_way_is_finished_by_the_next_start(int afterMilliseconds, bool wholeTree)
    {
        var home = Path.Combine(Path.GetTempPath(), "engine-kill-" + Guid.NewGuid().ToString("N"));
        using var project = new ProjectCopy(fromRepository: false);
        var environment = new Dictionary<string, string> { ["ENGINE_HOME"] = home };
        var cluster = new LocalPostgresCluster(Path.Combine(home, "postgres"));
        try
        {
            using (var first = EngineProcess.Start(project.Root, environment, "local", "start"))
            {
                first.BeginOutputReadLine();
                first.BeginErrorReadLine();
                await Task.Delay(afterMilliseconds);
                if (!first.HasExited)
                {
                    // SIGKILL: the engine gets no chance to clean up. Killing only the engine leaves its children running.
                    first.Kill(entireProcessTree: wholeTree);
                }

                await first.WaitForExitAsync();
            }

            var second = EngineProcess.Run(project.Root, environment, "local", "start");

            Assert.True(second.ExitCode == 0, $"after a kill at {afterMilliseconds} ms (whole tree: {wholeTree}): {second}");
            var status = await cluster.GetStatusAsync();
            Assert.True(status.IsRunning && status.Instance is not null, $"not running after recovery: {second}");
            Assert.True(cluster.IsInitialized);
        }
        finally
        {
            await cluster.DestroyAsync();
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }
        }
    }
}
