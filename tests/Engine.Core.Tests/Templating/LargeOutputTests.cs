using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

/// <summary>Generated SQL (long in-lists, unioned partitions) reaches megabytes: the renderer must never cut it.</summary>
public sealed class LargeOutputTests
{
    [Fact]
    public void A_multi_megabyte_model_compiles_to_its_exact_text()
    {
        // 3 MiB of comment before the filter: a cut at 1 MiB used to drop the where clause and return every row.
        var comment = "-- " + new string('x', 3 * 1024 * 1024) + "\n";
        var sql = "select id from (values (1),(2),(3)) as v(id)\n" + comment + "where id = 1\n";

        var compiled = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/big.sql"] = "{{ config { materialized: 'table' } }}\n" + sql,
        }, "big");

        Assert.Equal(sql.Length + 1, compiled.Length);
        Assert.Equal("\n" + sql, compiled);
    }

    [Fact]
    public void A_multi_megabyte_value_printed_by_an_expression_is_not_cut()
    {
        // Values printed by {{ }} go through ObjectToString, where Scriban's LimitToString used to apply.
        var compiled = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/big.sql"] = "select {{ 'y' | string.pad_right 2000000 }} as c",
        }, "big");

        Assert.Equal("select ".Length + 2_000_000 + " as c".Length, compiled.Length);
        Assert.StartsWith("select y ", compiled, StringComparison.Ordinal);
    }

    [Fact]
    public void Runaway_recursion_in_a_macro_is_an_error_at_the_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["macros/loop.sql"] = "{{ func forever(n) }}{{ forever(n + 1) }}{{ end }}",
            ["models/m.sql"] = "select\n  {{ forever(1) }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("macros/loop.sql"), 1, 25);
        Assert.Contains("recursive depth limit", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runaway_loop_is_an_error_at_the_loop()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select 1\n{{ for i in 1..1000000 }}{{ end }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateRuntime, project.PathOf("models/m.sql"), 2);
        Assert.Contains("LoopLimit", d.Message, StringComparison.Ordinal);
    }
}
