using ApprovalTests;
using ApprovalTests.Namers;

namespace Engine.Warehouse.Tests.Support;

/// <summary>
/// Verifies SQL against <c>Approved/*.approved.sql</c>; a difference leaves a <c>.received.sql</c> beside it to diff.
/// The scenario (dialect, node) goes into the file name so each dialect gets its own snapshot.
/// </summary>
public static class SqlApprovals
{
    public static void Verify(string sql, string scenario)
    {
        using (ApprovalResults.ForScenario(scenario))
        {
            Approvals.Verify(new ApprovalTextWriter(Normalize(sql), "sql"));
        }
    }

    /// <summary>Line endings vary by platform and trailing blanks by editor; neither is a change to the SQL.</summary>
    private static string Normalize(string sql) =>
        string.Join('\n', sql.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).Trim() + "\n";
}
