using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

/// <summary>A model pasted from dbt fails at compile, at each Jinja construct, with the Scriban form to write instead.</summary>
public sealed class JinjaDetectorTests
{
    [Fact]
    public void Each_jinja_construct_is_one_error_at_its_place_with_the_scriban_form()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/m.sql"] = """
                {{ config(materialized='table') }}
                {# the orders of paying customers #}
                {% set statuses = ['placed', 'shipped'] %}
                select * from {{ ref('a') }}
                {% if is_incremental() %}
                where id > 0
                {% endif %}
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var path = project.PathOf("models/m.sql");
        Assert.Collection(
            diagnostics,
            d => Check(d, path, 1, 1, "write {{ config { materialized: 'table', unique_key: 'id' } }}"),
            d => Check(d, path, 2, 1, "write {{ # ... }}"),
            d => Check(d, path, 3, 1, "write {{ statuses = ['placed', 'shipped'] }} (a Scriban assignment)"),
            d => Check(d, path, 5, 1, "write {{ if is_incremental() }} ... {{ end }}"),
            d => Check(d, path, 7, 1, "Scriban closes every block with {{ end }}"));
    }

    [Fact]
    public void Package_macros_and_adapter_calls_are_named_with_what_to_use_instead()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select {{ dbt_utils.generate_surrogate_key(['a']) }} as k,\n  {{ adapter.get_columns_in_relation(this) }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Collection(
            diagnostics,
            d => Check(d, project.PathOf("models/m.sql"), 1, 8, "dbt_utils.generate_surrogate_key: dbt packages are not installed here"),
            d => Check(d, project.PathOf("models/m.sql"), 2, 3, "adapter.get_columns_in_relation: templates cannot call the warehouse adapter"));
    }

    [Fact]
    public void Scriban_templates_with_braces_in_sql_strings_are_left_alone()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config { materialized: 'view' } }}\nselect '{\"a\": 1}'::jsonb as j, '50%' as pct",
        });

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Empty(diagnostics);
        Assert.NotNull(parsed);
    }

    private static void Check(Diagnostic d, string path, int line, int column, string part)
    {
        Assert.Equal((DiagnosticCodes.JinjaSyntax, path, line, column), (d.Code, d.Location!.FilePath, d.Location.Line, d.Location.Column));
        Assert.Contains(part, d.Message, StringComparison.Ordinal);
    }
}
