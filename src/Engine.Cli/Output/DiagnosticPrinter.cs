using Engine.Core.Diagnostics;

namespace Engine.Cli.Output;

/// <summary>Prints diagnostics to stderr as <c>file(line,col): error CODE: message</c>, paths relative to the working directory.</summary>
public static class DiagnosticPrinter
{
    public static void Print(IReadOnlyList<Diagnostic> diagnostics)
    {
        var cwd = Environment.CurrentDirectory;
        foreach (var diagnostic in diagnostics)
        {
            Console.Error.WriteLine(diagnostic.Format(cwd));
        }

        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 1)
        {
            Console.Error.WriteLine($"{errors} errors");
        }
    }
}
