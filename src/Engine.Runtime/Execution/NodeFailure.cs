namespace Engine.Runtime.Execution;

/// <summary>A node failed for a reason worth one line to the user (already located in the compiled file when possible).</summary>
public sealed class NodeFailure : Exception
{
    public NodeFailure(string message, bool badInput = false)
        : base(message) => BadInput = badInput;

    public NodeFailure()
    {
    }

    public NodeFailure(string message)
        : base(message)
    {
    }

    public NodeFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool BadInput { get; }
}
