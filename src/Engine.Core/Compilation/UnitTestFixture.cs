using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>
/// One input of a compiled unit test: the CTE its ref or source became, the relation whose column types its rows
/// take (described, never read, at run time; null when the project has no such relation), and the rows.
/// </summary>
public sealed record UnitTestFixture(string CteName, string? TypedLike, UnitTestRows Rows);
