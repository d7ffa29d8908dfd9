using Engine.Warehouse.Postgres.LocalCluster;
using Xunit;

namespace Engine.Cli.Tests.Build;

/// <summary>
/// One ENGINE_HOME (so one managed cluster) for a test class's engine processes; each test copies
/// examples/showcase with its own database name so tests stay independent.
/// </summary>
public sealed class ShowcaseHome : IAsyncLifetime
{
    public string Home { get; } = Path.Combine(Path.GetTempPath(), "engine-showcase-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["ENGINE_HOME"] = Home };

    public LocalPostgresCluster Cluster => new(Path.Combine(Home, "postgres"));

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 never disposed this fixture asynchronously, which left one
    // running PostgreSQL server per test class and run.
    public async Task DisposeAsync()
    {
        await Cluster.DestroyAsync();
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}
