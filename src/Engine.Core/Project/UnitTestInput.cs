using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>One <c>given:</c> entry: the rows that stand in for <c>ref('x')</c> or <c>source('s', 't')</c>.</summary>
public sealed record UnitTestInput(string Input, UnitTestRows Rows, SourceLocation Location);
