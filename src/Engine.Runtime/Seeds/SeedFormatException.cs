namespace Engine.Runtime.Seeds;

/// <summary>A seed file that cannot be loaded; the message names the file and line.</summary>
public sealed class SeedFormatException : Exception
{
    public SeedFormatException()
    {
    }

    public SeedFormatException(string message)
        : base(message)
    {
    }

    public SeedFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
