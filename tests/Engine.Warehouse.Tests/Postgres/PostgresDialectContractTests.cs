using Engine.Warehouse.Postgres;

namespace Engine.Warehouse.Tests.Postgres;

public sealed class PostgresDialectContractTests() : Tests.Ansi.DialectContractTests(PostgresDialect.Instance);
