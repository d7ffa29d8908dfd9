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
        foreach (var dialect in WarehouseDialects.All)
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
        var hooks = node.PreHooks.Select(h => $"-- pre_hook\n{h}\n\n").Concat([node.Sql]).Concat(node.PostHooks.Select(h => $"\n\n-- post_hook\n{h}"));
        SqlApprovals.Verify(string.Concat(hooks), $"{dialect}.{node.Node.Name}");
    }

    [Fact]
    public void EveryModelOfTheProjectIsSnapshotted()
    {
        var compiled = Compile("postgres");
        var models = compiled.Parsed.Graph.Nodes.Values.Count(n => n.Type is ResourceType.Model or ResourceType.Snapshot);
        Assert.True(models >= 3, $"expected the project's models, found {models}");
        Assert.Equal(models, compiled.Nodes.Count(n => n.Node.Type is ResourceType.Model or ResourceType.Snapshot));
    }

    private static readonly Dictionary<string, CompiledProject> Cache = [];

    private static CompiledProject Compile(string dialectName)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(dialectName, out var cached))
            {
                return cached;
            }

            var bag = new DiagnosticBag();
            var definition = ProjectLoader.Load(RepositoryPaths.Project, bag);
            var dialect = WarehouseDialects.For(dialectName);
            var target = definition.Config.Targets.Values.First(t => t.Type == dialectName);
            var options = new CompileOptions(target, dialect) { RunStartedAt = RunStartedAt, EnvironmentVariable = _ => null };
            var parsed = ProjectParser.Parse(definition, options, bag);
            var compiled = ProjectCompiler.Compile(parsed, [.. parsed.Graph.Nodes.Keys], bag);
            Assert.False(bag.HasErrors, string.Join("\n", bag.ToSortedList().Select(d => d.Format())));
            Cache[dialectName] = compiled;
            return compiled;
        }
    }
}
