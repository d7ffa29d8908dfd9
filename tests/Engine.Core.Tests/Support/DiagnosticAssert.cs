using Engine.Core.Diagnostics;
using Xunit;

namespace Engine.Core.Tests.Support;

/// <summary>
/// Asserts that a diagnostic points at the right place: code, file, line and (where deterministic) column.
/// A diagnostic that names the wrong line is a bug users feel in their editor, so every error test checks it.
/// </summary>
public static class DiagnosticAssert
{
    /// <summary>The only diagnostic with <paramref name="code"/>; fails listing all of them otherwise.</summary>
    public static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string code, string filePath, int line, int? column = null)
    {
        var matching = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:\n{Describe(diagnostics)}");
        return At(matching[0], code, filePath, line, column);
    }

    /// <summary>Checks one diagnostic's code and position.</summary>
    public static Diagnostic At(Diagnostic diagnostic, string code, string filePath, int line, int? column = null)
    {
        Assert.Equal(code, diagnostic.Code);
        Assert.True(diagnostic.IsError, $"expected an error: {diagnostic.Format()}");
        Assert.NotNull(diagnostic.Location);
        Assert.Equal(filePath, diagnostic.Location.FilePath);
        Assert.Equal(line, diagnostic.Location.Line);
        if (column is { } c)
        {
            Assert.Equal(c, diagnostic.Location.Column);
        }

        return diagnostic;
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.Format()));
}
