using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>A custom generic test in tests/generic/NAME.sql: a template rendered with <c>model</c>, <c>column_name</c> and the test's arguments.</summary>
public sealed record GenericTestTemplate(string Name, string FilePath, string RawSql, SourceLocation Location);
