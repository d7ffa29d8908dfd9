namespace Engine.Orchestration.Steps;

/// <summary>
/// Progress held back until <see cref="Release"/>, then passed on in the order reported: a step started ahead of its turn
/// (<see cref="EarlySync"/>) reports under its own heading, not in the middle of the step before it.
/// </summary>
internal sealed class HeldProgress<T>(IProgress<T> inner) : IProgress<T>
{
    private readonly Lock _gate = new();
    private List<T>? _held = [];

    public void Report(T value)
    {
        lock (_gate)
        {
            if (_held is not null)
            {
                _held.Add(value);
                return;
            }
        }

        inner.Report(value);
    }

    public void Release()
    {
        lock (_gate)
        {
            foreach (var value in _held ?? [])
            {
                inner.Report(value);
            }

            _held = null;
        }
    }
}
