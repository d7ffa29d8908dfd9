namespace Engine.Core.Templating;

/// <summary>Answers the compile pass's ref/source calls, once the graph is known.</summary>
public interface INodeResolver
{
    /// <summary>The SQL to put in place of <c>ref(name)</c>: a quoted relation, or a CTE name for an ephemeral model.</summary>
    string ResolveRef(NodeRenderState state, RefCall call);

    string ResolveSource(NodeRenderState state, SourceCall call);
}
