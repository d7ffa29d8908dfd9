namespace Engine.Core.Tests.Support;

/// <summary>pipeline.yml texts with targets, for tests that compile for a given warehouse.</summary>
public static class Targets
{
    /// <summary><c>dev</c>: the managed local Postgres (schema public); <c>sf</c>: Snowflake (ANALYTICS.PUBLIC).</summary>
    public const string TwoTargets = """
        name: t
        target: dev
        targets:
          dev:
            type: postgres
            database: warehouse
          sf:
            type: snowflake
            account: acme
            user: engine
            database: ANALYTICS
            schema: PUBLIC
        """;
}
