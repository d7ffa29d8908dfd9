using Scriban;

namespace Engine.Core.Templating;

/// <summary>
/// A Scriban context bound to one node's render at a time; <c>{{ this }}</c> prints the node's relation.
/// Creating a Scriban context costs more than rendering a small template, so contexts are pooled and rebound.
/// </summary>
public sealed class SqlTemplateContext : TemplateContext
{
    public SqlTemplateContext(NodeRenderState state, TemplateEnvironment environment)
    {
        State = state;
        Environment = environment;
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        LoopLimit = 100_000;
        // Scriban cuts any printed string at 1 MiB and appends "..." by default (LimitToString): generated SQL
        // reaches that size, and a silently cut query returns wrong rows. Output is unbounded; loops and
        // recursion keep Scriban's limits, which fail with an error at the template's position instead.
        LimitToString = 0;
        // Keep the template's own line endings and indentation: the compiled SQL must be what was written.
        AutoIndent = false;
        NewLine = "\n";
    }

    public NodeRenderState State { get; internal set; }

    public TemplateEnvironment Environment { get; }

    public override string? ObjectToString(object? value, bool nested = false) =>
        value is ModelScope scope ? scope.Text : base.ObjectToString(value, nested);
}
