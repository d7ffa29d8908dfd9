using System.Text.Json;
using Microsoft.Playwright;

namespace Engine.Web.Tests.Browser;

/// <summary>
/// What a dashboard page drew, read from the page itself: for each chart the rows its query returned (the card's
/// data-rows) and the marks drawn (ECharts' data items with a value, table rows, the number shown).
/// </summary>
public static class DashboardMarks
{
    private const string Script = """
        () => {
          const out = {};
          document.querySelectorAll('section.card').forEach(card => {
            const name = card.id.replace('chart-', '');
            const type = card.getAttribute('data-type');
            const rows = Number(card.getAttribute('data-rows'));
            let marks = 0;
            if (type === 'number') marks = card.querySelector('.value') ? 1 : 0;
            else if (type === 'table') marks = card.querySelectorAll('tbody tr').length;
            else {
              const chart = window.engineDashboard.charts[name];
              if (chart) chart.getOption().series.forEach(s => s.data.forEach(d => {
                const v = d && typeof d === 'object' && !Array.isArray(d) ? (d.coords || d.value) : d;
                if (v !== null && v !== undefined) marks++;
              }));
            }
            out[name] = { type, rows, marks, svg: card.querySelectorAll('svg path').length };
          });
          return JSON.stringify(out);
        }
        """;

    public static async Task<Dictionary<string, ChartMarks>> ReadAsync(IPage page)
    {
        using var document = JsonDocument.Parse(await page.EvaluateAsync<string>(Script));
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => new ChartMarks(p.Value.GetProperty("type").GetString()!, p.Value.GetProperty("rows").GetInt32(), p.Value.GetProperty("marks").GetInt32(), p.Value.GetProperty("svg").GetInt32()));
    }
}
