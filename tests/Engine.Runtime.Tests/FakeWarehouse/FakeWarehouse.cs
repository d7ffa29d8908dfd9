using System.Collections.Concurrent;
using Engine.Core.Compilation;
using Engine.Warehouse;

namespace Engine.Runtime.Tests.FakeWarehouse;

/// <summary>The fake's state: the relations that exist and every statement run, in order.</summary>
public sealed class FakeWarehouse : IWarehouse
{
    public ISqlDialect Dialect { get; } = new FakeDialect();

    public IMaterializationSql Sql => new FakeMaterializationSql(Dialect);

    public ConcurrentDictionary<string, RelationKind> Relations { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Journal { get; } = new();

    public int Replacements;

    public Task<IWarehouseSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IWarehouseSession>(new FakeSession(this));

    /// <summary>"Create or replace": the fake has no readers to protect, so it builds in place.</summary>
    public async Task ReplaceAsync(RelationReplacement replacement, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Replacements);
        await replacement.InTransaction(() => replacement.CreateAt(replacement.Target)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
