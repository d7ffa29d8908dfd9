using Engine.Core.Diagnostics;

namespace Engine.Core.Templating;

/// <summary>A <c>source('source', 'table')</c> found while rendering.</summary>
public sealed record SourceCall(string SourceName, string TableName, SourceLocation Location);
