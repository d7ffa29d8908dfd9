using Engine.TestSupport;
using Xunit;

namespace Engine.Import.Tests;

/// <summary>
/// Shares one <see cref="PostgresFixture"/> cluster among the classes marked <c>[Collection("postgres")]</c>.
/// xUnit finds collection definitions only in the test assembly itself, hence this class here.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
