using System.Globalization;
using System.Text;
using Engine.Orchestration.State;
using Engine.Orchestration.Status;

namespace Engine.Web.Serve;

/// <summary>The run history and asset status pages of engine serve, from the state store (read-only).</summary>
public static class OperationsPages
{
    public static string Runs(string project, IReadOnlyList<RunRecord> runs)
    {
        var html = new StringBuilder(ServePages.Head($"{project} · runs"));
        html.Append("<main><h1>Runs</h1>");
        if (runs.Count == 0)
        {
            html.Append("<p class=\"muted\">No runs recorded yet: <code>engine run</code> records one.</p>");
        }

        foreach (var run in runs)
        {
            var elapsed = (run.FinishedAt ?? DateTimeOffset.UtcNow) - run.StartedAt;
            html.Append("<section class=\"run\" id=\"run-").Append(run.Id).Append("\"><h2>Run ").Append(run.Id).Append(" <span class=\"status ").Append(run.Status.ToString().ToLowerInvariant()).Append("\">")
                .Append(run.Status).Append("</span></h2><p class=\"muted\">").Append(Html.E(run.Trigger.ToString())).Append(" · ").Append(Html.E(run.Command))
                .Append(" · started ").Append(Stamp(run.StartedAt)).Append(" · ").Append(Duration(elapsed))
                .Append(run.PartitionKeys.IsEmpty ? string.Empty : " · partition " + Html.E(string.Join(", ", run.PartitionKeys))).Append("</p>");
            if (run.Error is { } error)
            {
                html.Append("<pre>").Append(Html.E(error)).Append("</pre>");
            }

            if (!run.StepResults.IsEmpty)
            {
                html.Append("<p>").Append(string.Join(" → ", run.StepResults.Select(s => $"<b>{Html.E(s.Name)}</b> {Html.E(s.Status)} ({Duration(s.Elapsed)})"))).Append("</p>");
            }

            AppendTimeline(html, run, elapsed);
            html.Append("</section>");
        }

        return html.Append("</main></body></html>\n").ToString();
    }

    /// <summary>Each node as a bar placed where it ran within the run, so waits and long nodes show at a glance.</summary>
    private static void AppendTimeline(StringBuilder html, RunRecord run, TimeSpan elapsed)
    {
        if (run.Nodes.IsEmpty)
        {
            return;
        }

        var total = Math.Max(1, elapsed.TotalMilliseconds);
        html.Append("<table class=\"timeline\"><thead><tr><th>Node</th><th>Status</th><th>Rows</th><th>Time</th><th class=\"bar-cell\">Timeline</th></tr></thead><tbody>");
        foreach (var node in run.Nodes.OrderBy(n => n.StartedAt))
        {
            var left = Math.Clamp((node.StartedAt - run.StartedAt).TotalMilliseconds / total * 100, 0, 100);
            var width = Math.Max(0.5, node.Elapsed.TotalMilliseconds / total * 100);
            html.Append("<tr><td>").Append(Html.E(node.Relation ?? node.UniqueId)).Append("</td><td><span class=\"status ").Append(Html.E(node.Status.ToLowerInvariant())).Append("\">").Append(Html.E(node.Status)).Append("</span></td><td class=\"num\">")
                .Append(node.Rows?.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(Duration(node.Elapsed)).Append("</td><td class=\"bar-cell\"><div class=\"bar ").Append(Html.E(node.Status.ToLowerInvariant()))
                .Append("\" style=\"margin-left:").Append(left.ToString("0.##", CultureInfo.InvariantCulture)).Append("%;width:").Append(Math.Min(width, 100 - left).ToString("0.##", CultureInfo.InvariantCulture))
                .Append("%\" title=\"").Append(Html.E(node.UniqueId)).Append(' ').Append(Duration(node.Elapsed)).Append("\"></div></td></tr>");
        }

        html.Append("</tbody></table>");
    }

    public static string Status(string project, ProjectStatus status)
    {
        var html = new StringBuilder(ServePages.Head($"{project} · assets"));
        html.Append("<main><h1>Assets</h1><p class=\"muted\">As of ").Append(Stamp(status.At)).Append("</p>");
        html.Append("<table><thead><tr><th>Asset</th><th>Kind</th><th>Last run</th><th>Last success</th><th>Rows</th><th>Freshness</th></tr></thead><tbody>");
        foreach (var asset in status.Assets)
        {
            html.Append("<tr><td>").Append(Html.E(asset.Relation ?? asset.Name)).Append("</td><td class=\"muted\">").Append(Html.E(asset.Type.ToString().ToLowerInvariant())).Append("</td><td>");
            if (asset.Last is { } last)
            {
                html.Append("<span class=\"status ").Append(Html.E(last.Status.ToLowerInvariant())).Append("\">").Append(Html.E(last.Status)).Append("</span> run ").Append(last.RunId).Append(", ").Append(Stamp(last.MaterializedAt));
            }
            else
            {
                html.Append("<span class=\"muted\">never</span>");
            }

            html.Append("</td><td>").Append(asset.Last?.LastSuccessAt is { } ok ? Stamp(ok) : "–").Append("</td><td class=\"num\">").Append(asset.Last?.Rows?.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(asset.Freshness is { } f ? Html.E(f.Status.ToString()) : string.Empty).Append("</td></tr>");
        }

        html.Append("</tbody></table><h1>Schedules</h1><table><thead><tr><th>Schedule</th><th>Cron</th><th>Next ticks</th><th>Last evaluated</th></tr></thead><tbody>");
        foreach (var schedule in status.Schedules)
        {
            html.Append("<tr><td>").Append(Html.E(schedule.Schedule.Name)).Append("</td><td><code>").Append(Html.E(schedule.Schedule.CronText)).Append("</code></td><td>")
                .Append(string.Join("<br>", schedule.NextTicks.Select(Stamp))).Append("</td><td>").Append(schedule.LastEvaluated is { } e ? Stamp(e) : "never").Append("</td></tr>");
        }

        return html.Append("</tbody></table></main></body></html>\n").ToString();
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)t.TotalMinutes} min {t.Seconds} s";
}
