using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

public sealed class TemplateErrorTests
{
    [Fact]
    public void Unknown_function_is_reported_at_its_file_and_line()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select\n  {{ cents_to_dolars('amount') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownMacro, project.PathOf("models/m.sql"), 2, 6);
        Assert.Contains("cents_to_dolars", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_is_reported_with_line_and_column()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/m.sql"] = "select *\nfrom {{ ref('a' }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateSyntax, project.PathOf("models/m.sql"), 2, 17);
        Assert.StartsWith("template syntax: ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_argument_is_a_runtime_error_just_after_the_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select * from {{ ref() }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        // Scriban checks the count against the declared parameters before the engine function runs,
        // and points just past the call, where the argument is missing.
        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("models/m.sql"), 1, 23);
        Assert.Contains("Invalid number of arguments `0` passed to `ref()`", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_argument_is_a_runtime_error_at_that_argument()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = "sources:\n  - name: raw\n    tables:\n      - name: a\n",
            ["models/m.sql"] = "select * from {{ source('raw', 'a', 'b') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("models/m.sql"), 1, 37);
        Assert.Contains("Invalid number of arguments `3` passed to `source('raw','a','b')` while expecting `2` arguments", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_with_something_other_than_an_object_is_a_runtime_error()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config 'table' }}\nselect 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("models/m.sql"), 1, 4);
        Assert.Contains("config takes an object", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_config_value_in_a_template_is_reported_at_the_config_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "-- a comment\n{{ config { materialized: 'tabel' } }}\nselect 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidConfig, project.PathOf("models/m.sql"), 2, 4);
        Assert.Contains("did you mean 'table'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_config_key_in_a_template_suggests_the_known_key()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config { materialised: 'table' } }}\nselect 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/m.sql"), 1, 4);
        Assert.Contains("did you mean 'materialized'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_date_part_lists_the_known_ones()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select {{ date_trunc 'fortnight' 'created_at' }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("models/m.sql"), 1, 11);
        Assert.Contains("unknown date part 'fortnight'", d.Message, StringComparison.Ordinal);
        Assert.Contains("month", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_several_models_are_all_reported()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select {{ nope() }}",
            ["models/b.sql"] = "select {{ var('nothing') }}",
            ["models/c.sql"] = "select {{ ref( }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal(
            [DiagnosticCodes.UnknownMacro, DiagnosticCodes.MissingVar, DiagnosticCodes.TemplateSyntax],
            diagnostics.Select(d => d.Code));
        Assert.Equal(
            ["models/a.sql", "models/b.sql", "models/c.sql"],
            diagnostics.Select(d => Path.GetRelativePath(project.Root, d.Location!.FilePath).Replace('\\', '/')));
    }

    [Fact]
    public void A_surrogate_key_of_no_columns_is_reported_at_the_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select\n  {{ surrogate_key([]) }} as k",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("models/m.sql"), 2, 6);
        Assert.Contains("needs at least one column", d.Message, StringComparison.Ordinal);
    }
}
