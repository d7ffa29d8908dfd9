using System.Collections.Concurrent;
using Engine.Core.Compilation;
using Engine.Core.Compilation.Dashboards;
using Engine.Runtime.Changes;
using Engine.Runtime.DataTests;
using Engine.Warehouse;

namespace Engine.Runtime.Execution;

/// <summary>What every node of one build shares: the warehouse, the options, and the schemas already created.</summary>
public sealed class BuildContext
{
    private readonly ConcurrentDictionary<string, Lazy<SemaphoreSlim>> _schemaLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _schemas = new(StringComparer.Ordinal);

    public BuildContext(IWarehouse warehouse, BuildOptions options, string projectDirectory, string targetSchema, DateTimeOffset runStartedAt)
    {
        TargetSchema = targetSchema;
        RunStartedAt = runStartedAt;
        Warehouse = warehouse;
        Options = options;
        ProjectDirectory = projectDirectory;
    }

    public IWarehouse Warehouse { get; }

    /// <summary>
    /// The relations of the build's schemas as they were when it started, keyed by relation name. Only a node
    /// itself replaces its relation, so a node reads its own starting state here instead of asking again.
    /// </summary>
    public IReadOnlyDictionary<string, RelationInfo> Catalog { get; init; } = new Dictionary<string, RelationInfo>();

    public IReadOnlySet<string> CatalogSchemas { get; init; } = new HashSet<string>();

    /// <summary>The relation <c>ref('name')</c> stands for (a contract's foreign keys), or null.</summary>
    public Func<string, Relation?> RefRelation { get; init; } = _ => null;

    /// <summary>The generic test each test node instantiates (<c>unique</c>, <c>not_null</c>, ...), by unique id.</summary>
    public IReadOnlyDictionary<string, string> GenericTestNames { get; init; } = new Dictionary<string, string>();

    /// <summary>The keys each incremental model's run wrote in this build, by model id: its tests may check those rows only.</summary>
    public ConcurrentDictionary<string, WrittenRows> IncrementalWrites { get; } = new(StringComparer.Ordinal);

    /// <summary>Which nodes are up to date and what each was built from; null when the build does not track changes.</summary>
    public ChangeTracker? Changes { get; init; }

    /// <summary>Whether the node's relation existed when the build started (asked of the catalog only).</summary>
    public bool RelationExists(Relation relation) =>
        CatalogSchemas.Contains(relation.Schema) && Catalog.ContainsKey(CatalogKey(Warehouse, relation));

    /// <summary>How a relation is keyed in <see cref="Catalog"/>: its name as the warehouse writes it, without the database.</summary>
    public static string CatalogKey(IWarehouse warehouse, Relation relation) => warehouse.Dialect.RelationName(relation with { Database = null });

    public BuildOptions Options { get; }

    /// <summary>The compiled dashboards by unique id, whose queries a build checks.</summary>
    public IReadOnlyDictionary<string, CompiledDashboard> Dashboards { get; init; } = new Dictionary<string, CompiledDashboard>();

    public string ProjectDirectory { get; }

    /// <summary>The target's own schema (pipeline.yml <c>schema</c>), where test failures are stored.</summary>
    public string TargetSchema { get; }

    /// <summary>The run's start, the same instant templates see as <c>run_started_at</c>.</summary>
    public DateTimeOffset RunStartedAt { get; }

    /// <summary>The run's start as a SQL timestamp literal: every row a run stamps gets the same time.</summary>
    public string NowSql => $"cast('{RunStartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}' as timestamp)";

    /// <summary>
    /// Creates a schema once per build, outside any node's transaction. Two sessions creating the same schema
    /// at once would collide even with IF NOT EXISTS, hence the lock.
    /// </summary>
    public async Task EnsureSchemaAsync(IWarehouseSession session, string schema, CancellationToken cancellationToken)
    {
        if (_schemas.ContainsKey(schema))
        {
            return;
        }

        var gate = _schemaLocks.GetOrAdd(schema, _ => new Lazy<SemaphoreSlim>(() => new SemaphoreSlim(1, 1))).Value;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemas.ContainsKey(schema))
            {
                await session.ExecuteAsync(Warehouse.Sql.CreateSchema(schema), cancellationToken).ConfigureAwait(false);
                _schemas[schema] = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
