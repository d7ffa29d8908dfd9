using Engine.Warehouse.Snowflake;

namespace Engine.Warehouse.Tests.Snowflake;

public sealed class SnowflakeDialectContractTests() : Tests.Ansi.DialectContractTests(SnowflakeDialect.Instance);
