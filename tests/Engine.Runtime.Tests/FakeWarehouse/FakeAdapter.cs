using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse;
using Engine.Warehouse.Cdc;

namespace Engine.Runtime.Tests.FakeWarehouse;

/// <summary>
/// A warehouse adapter written the way a newcomer would add one, in a test project and without touching Runtime:
/// a dialect, the materialization statements, a session, and this class registered under the type <c>fake</c>.
/// It executes nothing; it keeps the relations its statements create so that a build can be checked.
/// </summary>
public sealed class FakeAdapter : IWarehouseAdapter
{
    private static readonly TargetKeys Keys = new(Allowed: ["endpoint"], Required: ["endpoint"], Secrets: []);

    public string Type => "fake";

    public ISqlDialect Dialect { get; } = new FakeDialect();

    public FakeWarehouse Warehouse { get; } = new();

    public void Validate(TargetConfig target, DiagnosticBag bag) => Keys.Check(target, bag);

    public Task<IWarehouse> ConnectAsync(TargetConfig target, WarehouseEnvironment environment, CancellationToken cancellationToken) =>
        Task.FromResult<IWarehouse>(Warehouse);

    public Task<ICdcSink> OpenCdcSinkAsync(TargetConfig target, WarehouseEnvironment environment, string schema, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake warehouse takes no CDC");
}
