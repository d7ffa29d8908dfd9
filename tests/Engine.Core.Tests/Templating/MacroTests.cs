using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

public sealed class MacroTests
{
    private const string MoneyMacro = """
        {{- # Cents are stored as integers; reports show dollars. -}}
        {{- func cents_to_dollars(column) -}}
        ({{ column }} / 100.0)
        {{- end -}}
        """;

    [Fact]
    public void Macro_is_callable_from_a_model_with_either_call_syntax()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["macros/money.sql"] = MoneyMacro,
            ["models/m.sql"] = "select {{ cents_to_dollars 'amount' }} as a, {{ cents_to_dollars('fee') }} as f",
        }, "m");

        Assert.Equal("select (amount / 100.0) as a, (fee / 100.0) as f", sql);
    }

    [Fact]
    public void Macro_is_callable_from_a_singular_test()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["macros/money.sql"] = MoneyMacro,
            ["models/payments.sql"] = "select 1 as amount",
            ["tests/assert_no_negative_payments.sql"] = "select * from {{ ref('payments') }} where {{ cents_to_dollars 'amount' }} < 0",
        });

        var compiled = ProjectPipeline.CompileClean(project);

        var test = compiled.Nodes.Single(n => n.Node.Type == ResourceType.Test);
        Assert.Equal("assert_no_negative_payments", test.Node.Name);
        Assert.Equal<string>(["model.t.payments"], test.Node.DependsOn);
        Assert.Equal("select * from \"public\".\"payments\" where (amount / 100.0) < 0", test.Sql);
    }

    [Fact]
    public void Ref_inside_a_macro_is_a_dependency_of_the_calling_model()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["macros/all_from.sql"] = "{{- func all_from(name) -}}select * from {{ ref(name) }}{{- end -}}",
            ["models/base.sql"] = "select 1 as id",
            ["models/m.sql"] = "{{ all_from 'base' }}",
        });

        var compiled = ProjectPipeline.CompileClean(project);

        var m = compiled.Nodes.Single(n => n.Node.Name == "m");
        Assert.Equal<string>(["model.t.base"], m.Node.DependsOn);
        Assert.Equal("select * from \"public\".\"base\"", m.Sql);
    }

    [Fact]
    public void Macro_may_not_hide_an_engine_function()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["macros/bad.sql"] = "\n{{ func ref(name) }}{{ name }}{{ end }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, project.PathOf("macros/bad.sql"), 2, 4);
        Assert.Contains("macro 'ref' would hide the engine function", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Macro_defined_in_two_files_is_reported_at_the_second()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["macros/a.sql"] = "{{ func twice(x) }}{{ x }}{{ x }}{{ end }}",
            ["macros/b.sql"] = "{{ func twice(x) }}{{ x }}{{ end }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, project.PathOf("macros/b.sql"), 1, 4);
        Assert.Contains(project.PathOf("macros/a.sql"), d.Message, StringComparison.Ordinal);
    }
}
