using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;
using Engine.Warehouse.Postgres;
using Xunit;

namespace Engine.Core.Tests.Templating;

/// <summary>
/// The static parse must record exactly what a parse-pass render records, or decline: every template here is
/// both analysed and rendered, and the two results compared field by field (locations included).
/// </summary>
public sealed class StaticParseAnalyzerTests
{
    private const string Macros = """
        {{- func cents_to_dollars(column) -}}({{ column }} / 100.0)::numeric(16, 2){{- end -}}
        {{- func with_ref(name) -}}{{ ref(name) }}{{- end -}}
        """;

    public static TheoryData<string> StaticTemplates() =>
    [
        "select 1 as id",
        "select * from {{ ref('a') }}",
        "{{ config { materialized: 'incremental', unique_key: ['id', 'day'], tags: ['x'], enabled: true } }}\nselect * from {{ ref('a') }} join {{ source('s', 't') }} using (id)",
        "select {{ cents_to_dollars 'a.amount_cents' }} from {{ ref('a') }} -- {{ this }} {{ this.schema }}",
        "select * from {{ ref('a') }}\n{{ if is_incremental() }} where id > (select max(id) from {{ this }}) and {{ ref('only_when_incremental') }} {{ end }}",
        "select * from {{ if is_incremental() }}{{ ref('inc') }}{{ else }}{{ ref('full') }}{{ end }}",
    ];

    public static TheoryData<string> DynamicTemplates() =>
    [
        "select * from {{ ref(var('model_name', 'a')) }}",
        "{{ for t in ['a', 'b'] }}select * from {{ ref(t) }}{{ end }}",
        "select * from {{ ref('a') | string.upcase }}",
        "{{ x = 'a' }}select * from {{ ref(x) }}",
        "select {{ surrogate_key(['a', 'b']) }}",
        "select {{ with_ref 'a' }}",
        "select * from {{ ref('t', 'a') }}",
        "{{ if target.name == 'prod' }}select 1{{ end }}",
    ];

    [Theory]
    [MemberData(nameof(StaticTemplates))]
    public void Records_the_same_calls_as_a_render(string text)
    {
        var environment = Environment();
        var bag = new DiagnosticBag();
        var template = SqlTemplate.Parse(text, "/p/models/m.sql", bag)!;

        var analysed = StaticParseAnalyzer.TryAnalyze(template, environment);
        var state = new NodeRenderState("m", "/p/models/m.sql", RenderMode.Parse);
        Assert.NotNull(template.Render(environment, state, bag));

        Assert.NotNull(analysed);
        Assert.Equal(state.Refs, analysed.Refs);
        Assert.Equal(state.Sources, analysed.Sources);
        Assert.Equal(state.Config.Select(Describe), analysed.Config.Select(Describe));
    }

    [Theory]
    [MemberData(nameof(DynamicTemplates))]
    public void Declines_what_only_a_render_can_answer(string text)
    {
        var template = SqlTemplate.Parse(text, "/p/models/m.sql", new DiagnosticBag())!;

        Assert.Null(StaticParseAnalyzer.TryAnalyze(template, Environment()));
    }

    [Fact]
    public void A_macro_called_with_the_wrong_number_of_arguments_is_left_to_the_render_to_report()
    {
        var template = SqlTemplate.Parse("select {{ cents_to_dollars 'a' 'b' }}", "/p/models/m.sql", new DiagnosticBag())!;

        Assert.Null(StaticParseAnalyzer.TryAnalyze(template, Environment()));
    }

    private static string Describe(ConfigEntry entry) =>
        $"{entry.Key}={Flatten(entry.Value)}@{entry.Location}";

    private static string Flatten(object? value) => value switch
    {
        ImmutableArray<object?> items => "[" + string.Join(",", items.Select(Flatten)) + "]",
        null => "null",
        _ => $"{value.GetType().Name}:{value}",
    };

    private static TemplateEnvironment Environment()
    {
        var target = TargetConfig.DefaultLocal("/p/pipeline.yml");
        var environment = new TemplateEnvironment("t", target, PostgresDialect.Instance, ImmutableDictionary<string, object?>.Empty, _ => null, DateTimeOffset.UnixEpoch);
        var bag = new DiagnosticBag();
        environment.LoadMacros([new MacroFile("macros/m.sql", "/p/macros/m.sql", Macros, SourceLocation.File("/p/macros/m.sql"))], bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.ToSortedList()));
        return environment;
    }
}
