namespace Engine.Cli.Output;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread, in order: <see cref="Progress{T}"/> posts to the
/// thread pool, which would print progress lines out of order with the run's own output.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
