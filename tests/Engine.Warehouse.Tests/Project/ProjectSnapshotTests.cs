using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.TestSupport;
using Engine.Warehouse.Tests.Support;
using Xunit;

namespace Engine.Warehouse.Tests.Project;

/// <summary>
/// The compiled SQL of every node of project/, for every dialect, as reviewers read it in a diff.
/// run_started_at and the environment are fixed so the snapshots only change when the SQL does.
/// </summary>
public sealed class ProjectSnapshotTests
{
    private static readonly DateTimeOffset RunStartedAt = new(2026, 1, 15, 6, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Nodes()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in TestWarehouses.Dialects)
        {
            foreach (var node in Compile(dialect.Name).Nodes)
            {
                data.Add(dialect.Name, node.Node.UniqueId);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public void CompiledSql(string dialect, string uniqueId)
    {
        var node = Compile(dialect).Nodes.Single(n => n.Node.UniqueId == uniqueId);
        SqlApprovals.Verify(WithHooks(node), $"{dialect}.{node.Node.Name}");
    }

    /// <summary>The node's SQL with the hooks that run around it, those that render to nothing left out.</summary>
    private static string WithHooks(CompiledNode node) => string.Concat(
        node.PreHooks.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"-- pre_hook\n{h}\n\n")
            .Append(node.Sql)
            .Concat(node.PostHooks.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"\n\n-- post_hook\n{h}")));

    public static TheoryData<string, string> IncrementalModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in TestWarehouses.Dialects)
        {
            foreach (var node in Compile(dialect.Name).Nodes.Where(n => n.Node.Materialized == Materializations.Incremental))
            {
                data.Add(dialect.Name, node.Node.UniqueId);
            }
        }

        return data;
    }

    /// <summary>An incremental model's SQL when its table exists: the is_incremental() branches and hooks of a daily run.</summary>
    [Theory]
    [MemberData(nameof(IncrementalModels))]
    public void CompiledSqlOfAnIncrementalRun(string dialect, string uniqueId)
    {
        var node = Compile(dialect, tablesExist: true).Nodes.Single(n => n.Node.UniqueId == uniqueId);
        SqlApprovals.Verify(WithHooks(node), $"{dialect}.{node.Node.Name}.incremental");
    }

    [Fact]
    public void EveryModelOfTheProjectIsSnapshotted()
    {
        var compiled = Compile("postgres");
        var models = compiled.Parsed.Graph.Nodes.Values.Count(n => n.Type is ResourceType.Model or ResourceType.Snapshot);
        Assert.True(models >= 3, $"expected the project's models, found {models}");
        Assert.Equal(models, compiled.Nodes.Count(n => n.Node.Type is ResourceType.Model or ResourceType.Snapshot));
    }

    private static readonly Dictionary<(string, bool), CompiledProject> Cache = [];

    private static CompiledProject Compile(string dialectName, bool tablesExist = false)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((dialectName, tablesExist), out var cached))
            {
                return cached;
            }

            var bag = new DiagnosticBag();
            var definition = ProjectLoader.Load(RepositoryPaths.Project, bag);
            var dialect = TestWarehouses.Dialect(dialectName);
            var target = definition.Config.Targets.Values.First(t => t.Type == dialectName);
            var options = new CompileOptions(target, dialect)
            {
                RunStartedAt = RunStartedAt,
                EnvironmentVariable = _ => null,
                RelationExists = tablesExist ? _ => true : null,
            };
            var parsed = ProjectParser.Parse(definition, options, bag);
            var compiled = ProjectCompiler.Compile(parsed, [.. parsed.Graph.Nodes.Keys], bag);
            Assert.False(bag.HasErrors, string.Join("\n", bag.ToSortedList().Select(d => d.Format())));
            Cache[(dialectName, tablesExist)] = compiled;
            return compiled;
        }
    }
}
