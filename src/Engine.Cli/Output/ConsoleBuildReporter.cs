using System.Globalization;
using System.Text;
using Engine.Runtime.Execution;

namespace Engine.Cli.Output;

/// <summary>
/// One line per node as it starts and finishes, as dbt prints them; on a terminal, a live status line on stderr
/// shows what is running. Calls come from build threads, hence the lock.
/// </summary>
public sealed class ConsoleBuildReporter : IBuildObserver
{
    private const int Width = 88;
    private readonly Lock _lock = new();
    private readonly bool _live = !Console.IsErrorRedirected;
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private int _finished;
    private int _total;

    public void NodeStarted(BuildUnit unit, int index, int total)
    {
        lock (_lock)
        {
            _total = total;
            _running.Add(unit.Node.Name);
            Line(index, total, $"START {NodeDescriptions.Describe(unit.Node)}", "[RUN]");
        }
    }

    public void NodeFinished(NodeResult result, int index, int total)
    {
        lock (_lock)
        {
            _total = total;
            _finished++;
            _running.Remove(result.Node.Name);
            var seconds = result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
            var (word, status) = result.Status switch
            {
                NodeStatus.Success => ($"OK {result.Message}", $"[{result.Response ?? "OK"} in {seconds}s]"),
                NodeStatus.Pass => ($"PASS {result.Node.Name}", $"[PASS in {seconds}s]"),
                NodeStatus.Warn => ($"WARN {result.Failures} {result.Node.Name}", $"[WARN {result.Failures} in {seconds}s]"),
                NodeStatus.Fail => ($"FAIL {result.Failures} {result.Node.Name}", $"[FAIL {result.Failures} in {seconds}s]"),
                NodeStatus.Skipped when result.UpToDate => ($"SKIP (up to date) {NodeDescriptions.Describe(result.Node)}", "[SKIP]"),
                NodeStatus.Skipped => ($"SKIP {NodeDescriptions.Describe(result.Node)}", "[SKIP]"),
                _ => ($"ERROR {NodeDescriptions.Describe(result.Node)}", $"[ERROR in {seconds}s]"),
            };
            Line(index, total, word, status);
            if (result.Status == NodeStatus.Error)
            {
                Detail(result.Message);
            }

            foreach (var warning in result.Warnings)
            {
                Detail("warning: " + warning);
            }

            if (result.Sample is { Rows.Length: > 0 } sample && result.Status is NodeStatus.Fail or NodeStatus.Warn)
            {
                Detail(SampleTable.Format(sample, result.Failures ?? sample.Rows.Length));
            }

            Status();
        }
    }

    public void RunFinished(BuildOutcome outcome)
    {
        var results = outcome.Results;
        var kinds = results.GroupBy(r => r.Node.Type == Core.Project.ResourceType.Model ? $"{r.Node.Materialized} model" : Core.Project.ResourceTypes.Name(r.Node.Type))
            .Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? string.Empty : "s")}");
        Console.WriteLine();
        Console.WriteLine($"Finished running {string.Join(", ", kinds)} in {outcome.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)}s.");
        var problems = results.Where(r => r.Status is NodeStatus.Error or NodeStatus.Fail or NodeStatus.Warn).ToList();
        if (problems.Count > 0)
        {
            var errors = problems.Count(p => p.Status != NodeStatus.Warn);
            Console.WriteLine($"Completed with {errors} error{(errors == 1 ? string.Empty : "s")} and {problems.Count - errors} warning{(problems.Count - errors == 1 ? string.Empty : "s")}:");
            foreach (var problem in problems)
            {
                Console.WriteLine($"  {RunResultsName(problem.Status)} in {NodeDescriptions.Describe(problem.Node)} ({problem.Node.RelativePath}): {problem.Message}");
            }
        }

        var pass = outcome.Count(NodeStatus.Success) + outcome.Count(NodeStatus.Pass);
        var error = outcome.Count(NodeStatus.Error) + outcome.Count(NodeStatus.Fail);
        // Up-to-date nodes are not failures' skips: counted apart, so SKIP still means "did not run because of a failure".
        var upToDate = results.Count(r => r.UpToDate);
        Console.WriteLine($"Done. PASS={pass} WARN={outcome.Count(NodeStatus.Warn)} ERROR={error} SKIP={outcome.Count(NodeStatus.Skipped) - upToDate} TOTAL={results.Count}" +
            (upToDate > 0 ? $" UP_TO_DATE={upToDate}" : string.Empty));
    }

    private static string RunResultsName(NodeStatus status) => status switch
    {
        NodeStatus.Fail => "Failure",
        NodeStatus.Warn => "Warning",
        _ => "Error",
    };

    private void Line(int index, int total, string text, string status)
    {
        ClearStatus();
        var prefix = $"{DateTime.Now:HH:mm:ss}  {index} of {total} {text} ";
        var dots = Math.Max(3, Width - prefix.Length - status.Length - 1);
        Console.Out.WriteLine(new StringBuilder(prefix).Append('.', dots).Append(' ').Append(status).ToString());
    }

    private void Detail(string text)
    {
        ClearStatus();
        foreach (var line in text.Split('\n'))
        {
            Console.Out.WriteLine("          " + line);
        }
    }

    private void Status()
    {
        if (_live && _running.Count > 0)
        {
            Console.Out.Flush();
            Console.Error.Write($"\r\u001b[2K[{_finished}/{_total} done] running: {string.Join(", ", _running.Take(4))}{(_running.Count > 4 ? ", ..." : string.Empty)}");
        }
    }

    private void ClearStatus()
    {
        if (_live)
        {
            Console.Error.Write("\r\u001b[2K");
        }
    }
}
