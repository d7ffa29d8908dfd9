using Engine.Core.Diagnostics;

namespace Engine.Import.Dbt;

/// <summary>What an import wrote (files per kind) and what it could not convert.</summary>
public sealed record ImportOutcome(string Directory, IReadOnlyDictionary<string, int> Written, IReadOnlyList<Diagnostic> Warnings);
