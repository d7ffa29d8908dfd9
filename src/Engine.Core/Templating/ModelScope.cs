using Scriban.Runtime;

namespace Engine.Core.Templating;

/// <summary>
/// The innermost global of a render. Scriban's <c>this</c> is the current global, so making it print as the
/// node's relation gives dbt's <c>{{ this }}</c>; <c>this.schema</c> and <c>this.identifier</c> read its members.
/// </summary>
public sealed class ModelScope : ScriptObject
{
    public ModelScope(NodeRenderState state)
    {
        Text = state.ThisText;
        if (state.This is { } relation)
        {
            SetValue("schema", relation.Schema, readOnly: false);
            SetValue("identifier", relation.Identifier, readOnly: false);
            SetValue("database", relation.Database, readOnly: false);
        }
        else
        {
            SetValue("schema", string.Empty, readOnly: false);
            SetValue("identifier", state.NodeName, readOnly: false);
            SetValue("database", null, readOnly: false);
        }

        foreach (var (name, value) in state.Locals)
        {
            SetValue(name, ScriptValues.ToScript(value), readOnly: false);
        }
    }

    public string Text { get; }
}
