namespace Engine.Orchestration.Freshness;

/// <summary>dbt's source freshness statuses: <c>pass</c>, <c>warn</c>, <c>error</c>, <c>runtime error</c> (the query failed).</summary>
public enum FreshnessStatus
{
    Pass,
    Warn,
    Error,
    RuntimeError,
}
