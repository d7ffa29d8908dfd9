using System.Diagnostics;
using System.Text;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>The real <c>engine sync</c> in a child process, which a test can kill outright (SIGKILL), as a crash would.</summary>
public sealed class SyncProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SyncProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static SyncProcess Start(string projectDir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Engine.Cli.Program).Assembly.Location);
        start.ArgumentList.Add("sync");
        start.ArgumentList.Add("--project-dir");
        start.ArgumentList.Add(projectDir);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new SyncProcess(Process.Start(start)!);
    }

    /// <summary>SIGKILL: no cancellation, no finally blocks, no goodbye to the server.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
