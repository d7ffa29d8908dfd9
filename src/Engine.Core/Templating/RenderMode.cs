namespace Engine.Core.Templating;

/// <summary>
/// Each template is rendered twice: the parse pass records ref/source/config calls (DAG edges come only from it);
/// the compile pass resolves them into relations.
/// </summary>
public enum RenderMode
{
    Parse,
    Compile,
}
