namespace Engine.Runtime.Execution;

/// <summary>How many rows a relation the build wrote holds once the build is over (the pipeline summary's figures).</summary>
public sealed record RelationRowCount(string Relation, string Materialized, long Rows);
