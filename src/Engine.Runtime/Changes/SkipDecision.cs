namespace Engine.Runtime.Changes;

/// <summary>Why a node was skipped or run, as run_results.json and the summary show it.</summary>
public static class SkipDecision
{
    public const string UpToDate = "up to date: SQL and inputs unchanged";
    public const string Forced = "forced: --full-refresh or --no-skip-unchanged";
    public const string New = "no record of a previous build";
    public const string SqlChanged = "SQL or config changed";
    public const string Missing = "relation missing";
    public const string Failed = "last run did not pass";
    public const string Unchanged = "contents unchanged: kept without a swap";
    public const string NothingWritten = "wrote no rows: data version kept";
    public const string ViewUnchanged = "same definition and columns: view kept";

    public static string InputsChanged(IEnumerable<string> inputs) => $"inputs changed: {string.Join(", ", inputs)}";
}
