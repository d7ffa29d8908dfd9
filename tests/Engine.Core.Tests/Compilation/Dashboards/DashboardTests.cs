using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;
using Engine.Core.Project;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation.Dashboards;

/// <summary>dashboards/*.yml: loaded into the DAG as exposures, checked at compile time with errors at their YAML lines.</summary>
public sealed class DashboardTests
{
    private const string Models = "models/";

    private static Dictionary<string, string> Files(string dashboard) => new()
    {
        ["pipeline.yml"] = TempProject.DefaultPipeline,
        [Models + "orders.sql"] = "select 1 as id, 10.5 as amount, 'web' as channel",
        [Models + "daily.sql"] = "select * from {{ ref('orders') }}",
        ["dashboards/sales.yml"] = dashboard,
    };

    private const string Valid = """
        title: Sales
        filters:
          - name: channel
            type: text
            options: select distinct channel from {{ ref('orders') }}
        charts:
          - name: total
            type: number
            y: amount
            sql: |
              select sum(amount) as amount
              from {{ ref('daily') }}
              where {{ filter.channel }} is null or channel = {{ filter.channel }}
        """;

    [Fact]
    public void A_dashboard_is_an_exposure_depending_on_what_its_queries_read()
    {
        using var project = new TempProject(Files(Valid));
        var compiled = ProjectPipeline.CompileClean(project);
        var node = compiled.Parsed.Graph["exposure.t.sales"];
        Assert.Equal(ResourceType.Exposure, node.Type);
        Assert.Equal(["model.t.daily", "model.t.orders"], node.DependsOn.AsEnumerable());
        var chart = Assert.Single(Assert.Single(compiled.Dashboards).Charts);
        Assert.Contains("cast(@filter_channel as text) is null", chart.Sql, StringComparison.Ordinal);
        Assert.Contains("\"daily\"", chart.Sql, StringComparison.Ordinal);
        Assert.Equal("channel", Assert.Single(chart.Parameters).Name);
    }

    [Fact]
    public void Selection_takes_a_dashboard_and_its_ancestors()
    {
        using var project = new TempProject(Files(Valid));
        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(diagnostics);
        var selector = new NodeSelector(parsed!.Graph);
        var selected = selector.Select(SelectorParser.Parse(["+dashboard:sales"], "--select"), SelectorParser.Parse([], "--exclude"));
        Assert.Equal(["exposure.t.sales", "model.t.daily", "model.t.orders"], selected.AsEnumerable());
        Assert.Equal(["exposure.t.sales"], selector.Select(SelectorParser.Parse(["resource_type:exposure"], "--select"), SelectorParser.Parse([], "--exclude")).AsEnumerable());
    }

    [Fact]
    public void A_ref_to_a_missing_model_in_a_chart_is_reported_at_its_line_in_the_yaml()
    {
        using var project = new TempProject(Files(Valid.Replace("ref('daily')", "ref('dayly')", StringComparison.Ordinal)));
        var (_, diagnostics) = ProjectPipeline.Parse(project);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownRef, project.PathOf("dashboards/sales.yml"), 12);
        Assert.Contains("did you mean 'daily'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_query_s_missing_ref_is_reported_at_its_own_line()
    {
        using var project = new TempProject(Files(Valid.Replace("ref('orders')", "ref('order')", StringComparison.Ordinal).Replace("ref('daily')", "ref('dayly')", StringComparison.Ordinal)));
        var (_, diagnostics) = ProjectPipeline.Parse(project);
        var lines = diagnostics.Where(d => d.Code == DiagnosticCodes.UnknownRef).Select(d => d.Location!.Line);
        Assert.Equal([5, 12], lines.Order());
    }

    [Fact]
    public void A_template_error_in_a_filter_s_options_is_reported_at_its_line()
    {
        using var project = new TempProject(Files(Valid.Replace("{{ ref('orders') }}", "{{ ref('orders' }}", StringComparison.Ordinal)));
        var (_, diagnostics) = ProjectPipeline.Parse(project);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.TemplateSyntax && d.Location?.FilePath == project.PathOf("dashboards/sales.yml") && d.Location.Line == 5);
    }

    [Fact]
    public void Unknown_chart_types_keys_and_missing_encodings_are_each_reported_where_they_are()
    {
        const string bad = """
            title: Sales
            charts:
              - name: a
                type: pie
                sql: select 1 as x
              - name: b
                type: line
                x: day
                sql: select 1 as day
              - name: c
                type: bar
                colour: red
                x: d
                y: v
                sql: select 1 as d, 2 as v
              - name: d
                type: table
            """;
        using var project = new TempProject(Files(bad));
        var (_, diagnostics) = ProjectPipeline.Load(project);
        var file = project.PathOf("dashboards/sales.yml");
        DiagnosticAssert.Single([.. diagnostics.Where(d => d.Message.Contains("'type' must be one of", StringComparison.Ordinal))], DiagnosticCodes.InvalidValue, file, 4, 11);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.MissingKey && d.Message.Contains("needs 'y'", StringComparison.Ordinal) && d.Location!.Line == 6);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, file, 12, 5);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.MissingKey && d.Message.Contains("needs 'sql'", StringComparison.Ordinal) && d.Location!.Line == 16);
    }

    [Fact]
    public void A_filter_of_an_unknown_type_is_refused()
    {
        using var project = new TempProject(Files(Valid.Replace("type: text", "type: string", StringComparison.Ordinal)));
        var (_, diagnostics) = ProjectPipeline.Load(project);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidValue, project.PathOf("dashboards/sales.yml"), 4, 11);
    }
}
