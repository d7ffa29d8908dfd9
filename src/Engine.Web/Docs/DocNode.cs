using System.Collections.Immutable;

namespace Engine.Web.Docs;

/// <summary>One node as the docs site shows it: what it is, its columns, what it reads and what reads it, its SQL.</summary>
public sealed record DocNode(string UniqueId, string Name, string Type, string Path)
{
    public string? Description { get; init; }
    public string? Relation { get; init; }
    public string? Materialized { get; init; }
    public ImmutableArray<string> Tags { get; init; } = [];
    public ImmutableArray<DocColumn> Columns { get; init; } = [];
    public ImmutableArray<string> Parents { get; init; } = [];
    public ImmutableArray<string> Children { get; init; } = [];
    public string? RawSql { get; init; }
    public string? CompiledSql { get; init; }

    /// <summary>The page's file name: the unique id, safe on every file system.</summary>
    public string FileName => UniqueId.Replace('/', '_') + ".html";
}
