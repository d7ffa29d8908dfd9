using Engine.Core.Diagnostics;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Engine.Warehouse;
using Xunit;

namespace Engine.Runtime.Tests.FakeWarehouse;

/// <summary>
/// A new warehouse plugs in through <see cref="WarehouseRegistry"/> alone: the fake adapter of this folder validates
/// its target keys and receives the whole build (models replaced through it, tests queried on it) with no change to
/// Runtime.
/// </summary>
public sealed class FakeWarehouseAdapterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-fake-adapter", Guid.NewGuid().ToString("N"));

    public FakeWarehouseAdapterTests()
    {
        Write("pipeline.yml", """
            name: fake_project
            target: dev
            targets:
              dev:
                type: fake
                endpoint: memory
                schema: analytics
                threads: 2
            """);
        Write("models/orders.sql", "{{ config { materialized: 'table' } }}\nselect 1 as id");
        Write("models/order_view.sql", "select id from {{ ref('orders') }}");
        Write("models/schema.yml", "models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null]\n");
    }

    [Fact]
    public async Task A_build_runs_through_a_registered_adapter_without_changes_to_Runtime()
    {
        var adapter = new FakeAdapter();
        var registry = new WarehouseRegistry([adapter]);
        var session = ProjectSession.Open(new SessionOptions(_root), registry);

        var outcome = await ProjectBuild.RunAsync(session, new BuildOptions { Threads = 2 }, new NullObserver(), "build", CancellationToken.None);

        Assert.Equal("fake", session.Parsed.Options.Dialect.Name);
        Assert.All(outcome.Results, r => Assert.Contains(r.Status, new[] { NodeStatus.Success, NodeStatus.Pass }));
        Assert.Equal(3, outcome.Results.Count);
        Assert.Equal(RelationKind.Table, adapter.Warehouse.Relations["analytics.orders"]);
        Assert.Equal(RelationKind.View, adapter.Warehouse.Relations["analytics.order_view"]);
        Assert.Equal(2, adapter.Warehouse.Replacements);
        Assert.Contains(adapter.Warehouse.Journal, s => s.StartsWith("TEST_RESULT", StringComparison.Ordinal) && s.Contains("id is null", StringComparison.Ordinal) && s.Contains("\"analytics\".\"orders\"", StringComparison.Ordinal));
        Assert.Contains(adapter.Warehouse.Journal, s => s.StartsWith("CREATE_VIEW analytics.order_view", StringComparison.Ordinal) && s.Contains("\"analytics\".\"orders\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_adapter_validates_its_own_target_keys_at_their_location()
    {
        Write("pipeline.yml", "name: fake_project\ntargets:\n  dev:\n    type: fake\n    endpoitn: memory\n");
        var registry = new WarehouseRegistry([new FakeAdapter()]);

        var error = Assert.Throws<ProjectException>(() => ProjectSession.Open(new SessionOptions(_root), registry));

        var pipeline = Path.Combine(_root, "pipeline.yml");
        Assert.Collection(
            error.Diagnostics.OrderBy(d => d.Code, StringComparer.Ordinal),
            d => Assert.Equal((DiagnosticCodes.UnknownKey, pipeline, 5, 5, "unknown key 'endpoitn' in target 'dev' (fake); did you mean 'endpoint'?"), (d.Code, d.Location!.FilePath, d.Location.Line, d.Location.Column, d.Message)),
            d => Assert.Equal((DiagnosticCodes.MissingKey, "fake target 'dev' needs 'endpoint'"), (d.Code, d.Message)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private sealed class NullObserver : IBuildObserver
    {
        public void NodeStarted(BuildUnit unit, int index, int total)
        {
        }

        public void NodeFinished(NodeResult result, int index, int total)
        {
        }

        public void RunFinished(BuildOutcome outcome)
        {
        }
    }
}
