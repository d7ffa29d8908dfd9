using System.Diagnostics;

namespace Engine.TestSupport;

/// <summary>
/// Runs the real <c>engine</c> binary in a child process, as CI and users do, and captures what it prints. The test
/// project references Engine.Cli, so its build puts <c>engine.dll</c> (Engine.Cli) beside the tests.
/// </summary>
public static class EngineProcess
{
    public static EngineResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string>(), args);

    public static EngineResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"engine {string.Join(' ', args)} did not finish");
        }

        return new EngineResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the engine with its output redirected and leaves the process to the caller (to kill it, or read it as it goes).</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static string CliAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "engine.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found: the test project must reference Engine.Cli");
    }
}
