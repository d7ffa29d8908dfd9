using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>A tests/*.sql file: a query that returns the failing rows.</summary>
public sealed record SingularTestDefinition(
    string Name,
    string RelativePath,
    string FilePath,
    string RawSql,
    TestConfig Config,
    SourceLocation Location);
