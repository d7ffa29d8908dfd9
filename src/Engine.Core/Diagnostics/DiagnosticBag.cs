namespace Engine.Core.Diagnostics;

/// <summary>Collects problems from every stage (and every thread) so that one load reports them all together.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly Lock _gate = new();

    public void Add(Diagnostic diagnostic)
    {
        lock (_gate)
        {
            _items.Add(diagnostic);
        }
    }

    public void Error(string code, string message, SourceLocation? location) => Add(Diagnostic.Error(code, message, location));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        lock (_gate)
        {
            _items.AddRange(diagnostics);
        }
    }

    public bool HasErrors
    {
        get
        {
            lock (_gate)
            {
                return _items.Exists(d => d.IsError);
            }
        }
    }

    /// <summary>Whether an error was reported in <paramref name="filePath"/>, so that later stages can stay quiet about its consequences.</summary>
    public bool HasErrorIn(string filePath)
    {
        lock (_gate)
        {
            return _items.Exists(d => d.IsError && d.Location?.FilePath == filePath);
        }
    }

    /// <summary>Sorted by file, line and column: parallel stages must not make the output order random.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        lock (_gate)
        {
            return [.. _items
                .Distinct()
                .OrderBy(d => d.Location?.FilePath ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(d => d.Location?.Line ?? 0)
                .ThenBy(d => d.Location?.Column ?? 0)
                .ThenBy(d => d.Code, StringComparer.Ordinal)];
        }
    }

    /// <summary>Stops the pipeline when anything so far is an error.</summary>
    public void ThrowIfErrors()
    {
        if (HasErrors)
        {
            throw new ProjectException(ToSortedList());
        }
    }
}
