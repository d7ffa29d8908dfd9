using Engine.Core.Diagnostics;
using Engine.Import.Dbt;
using Engine.Import.Dbt.Jinja;
using Xunit;

namespace Engine.Import.Tests.Dbt.Jinja;

/// <summary>Each Jinja construct dbt users commonly write, and its Scriban form (docs/from-dbt.md lists the same).</summary>
public sealed class JinjaTemplateConverterTests
{
    [Theory]
    [InlineData("select * from {{ ref('orders') }}", "select * from {{ ref('orders') }}")]
    [InlineData("{{ source('app', 'orders') }}", "{{ source('app', 'orders') }}")]
    [InlineData("{{ config(materialized='incremental', unique_key='id') }}", "{{ config { materialized: 'incremental', unique_key: 'id' } }}")]
    [InlineData("{{ config(materialized = \"table\", tags=['a', 'b']) }}", "{{ config { materialized: \"table\", tags: ['a', 'b'] } }}")]
    [InlineData("{{ config(schema='marts') }}", "{{ config { schema: 'public_marts' } }}")]
    [InlineData("{{ config(target_schema='snapshots', invalidate_hard_deletes=True) }}", "{{ config { schema: 'snapshots', hard_deletes: 'invalidate' } }}")]
    [InlineData("{% if is_incremental() %}where x > (select max(x) from {{ this }}){% endif %}", "{{ if is_incremental() }}where x > (select max(x) from {{ this }}){{ end }}")]
    [InlineData("{% if a and not b %}1{% elif c or d %}2{% else %}3{% endif %}", "{{ if a && !(b) }}1{{ else if c || d }}2{{ else }}3{{ end }}")]
    [InlineData("{% if x is none %}1{% endif %}{% if y is not none %}2{% endif %}", "{{ if x == null }}1{{ end }}{{ if y != null }}2{{ end }}")]
    [InlineData("{% if s in ['a', 'b'] %}1{% endif %}", "{{ if (array.contains (['a', 'b']) (s)) }}1{{ end }}")]
    [InlineData("{% set xs = ['a', 'b'] %}", "{{ xs = ['a', 'b'] }}")]
    [InlineData("{% set flag = True %}{% set nothing = None %}", "{{ flag = true }}{{ nothing = null }}")]
    [InlineData("{% set block %}select 1{% endset %}", "{{ capture block }}select 1{{ end }}")]
    [InlineData("{% for s in xs %}{{ s }}{% if not loop.last %},{% endif %}{% endfor %}", "{{ for s in xs }}{{ s }}{{ if !(for.last) }},{{ end }}{{ end }}")]
    [InlineData("{{ loop.index }} {{ loop.index0 }} {{ loop.first }}", "{{ (for.index + 1) }} {{ for.index }} {{ for.first }}")]
    [InlineData("{%- for s in xs -%}\n  {{- s -}}\n{%- endfor -%}", "{{- for s in xs -}}\n  {{- s -}}\n{{- end -}}")]
    [InlineData("{# a comment #}", "{{## a comment ##}}")]
    [InlineData("{#- trimmed\n comment -#}", "{{-## trimmed\n comment ##-}}")]
    [InlineData("{{ var('start', '2020-01-01') }} {{ env_var('DB_USER', 'me') }}", "{{ var('start', '2020-01-01') }} {{ env_var('DB_USER', 'me') }}")]
    [InlineData("{{ 'a' ~ x ~ 'b' }}", "{{ 'a' + x + 'b' }}")]
    [InlineData("{{ xs | join(', ') }}", "{{ xs | array.join (', ') }}")]
    [InlineData("{{ s | upper }} {{ s | lower }} {{ s | trim }}", "{{ s | string.upcase }} {{ s | string.downcase }} {{ s | string.strip }}")]
    [InlineData("{{ target.name }} {{ target.dbname }} {{ this.name }}", "{{ target.name }} {{ target.database }} {{ this.identifier }}")]
    [InlineData("{{ dbt_utils.generate_surrogate_key(['a', 'b']) }}", "{{ surrogate_key(['a', 'b']) }}")]
    [InlineData("{{ dbt.date_trunc('month', 'd') }}", "{{ date_trunc('month', 'd') }}")]
    [InlineData("{% macro cents(col, scale=2) %}({{ col }} / 100)::numeric(16, {{ scale }}){% endmacro %}", "{{ func cents(col, scale = 2) }}({{ col }} / 100)::numeric(16, {{ scale }}){{ end }}")]
    [InlineData("{% macro f(x) %}{{ return(x ~ '!') }}{% endmacro %}", "{{ func f(x) }}{{ ret x + '!' }}{{ end }}")]
    [InlineData("{% raw %}{{ not_a_tag }}{% endraw %}", "{{ \"{{ not_a_tag }}\" }}")]
    [InlineData("{{ d['k'] }}{% set m = {'a': 1} %}", "{{ d['k'] }}{{ m = { a: 1 } }}")]
    [InlineData("{{ xs[0].name }}", "{{ xs[0].name }}")]
    public void Converts_each_common_construct(string jinja, string scriban)
    {
        var log = new DiagnosticBag();
        var converted = Converter().Convert(jinja, "m.sql", log);

        Assert.Equal(scriban, converted.Text);
        Assert.Empty(log.ToSortedList());
    }

    [Fact]
    public void What_has_no_Scriban_form_is_kept_as_written_and_reported_at_its_line_and_column()
    {
        var jinja = "select\n  {{ dbt_utils.star(ref('a')) }},\n    {% set cols = adapter.get_columns_in_relation(this) %}\n{% for k, v in d.items() %}{% endfor %}\n{{ x if y else z }} {{ s.split(',') }}";
        var log = new DiagnosticBag();

        var converted = Converter().Convert(jinja, "models/m.sql", log);

        var warnings = log.ToSortedList();
        Assert.All(warnings, w => Assert.Equal(DiagnosticCodes.ImportNotConverted, w.Code));
        Assert.Equal(["(2,3)", "(3,5)", "(4,1)", "(5,1)", "(5,21)"], warnings.Select(w => $"({w.Location!.Line},{w.Location.Column})"));
        Assert.Contains("dbt_utils.star", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("adapter.get_columns_in_relation", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("{{ dbt_utils.star(ref('a')) }}", converted.Text, StringComparison.Ordinal);
        Assert.Contains("{% set cols = adapter.get_columns_in_relation(this) %}", converted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_keys_without_counterpart_are_dropped_and_reported()
    {
        var log = new DiagnosticBag();

        var converted = Converter().Convert("\n{{ config(materialized='table', persist_docs={'relation': true}, grants={'select': ['r']}) }}", "m.sql", log);

        Assert.Equal("\n{{ config { materialized: 'table' } }}", converted.Text);
        Assert.Equal(
            ["m.sql(2,1): warning ENG1902: config 'grants' has no counterpart in the engine; dropped", "m.sql(2,1): warning ENG1902: config 'persist_docs' has no counterpart in the engine; dropped"],
            log.ToSortedList().Select(d => d.Format()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Test_snapshot_and_docs_blocks_are_taken_out()
    {
        var jinja = "{% test is_positive(model, column_name, strict=True) %}\nselect * from {{ model }} where {{ column_name }} < 0\n{% endtest %}\n" +
                    "{% snapshot s %}{{ config(strategy='check', check_cols='all') }}select 1{% endsnapshot %}\n{% docs d %}Some *text*{% enddocs %}";
        var log = new DiagnosticBag();

        var converted = Converter().Convert(jinja, "x.sql", log);

        Assert.Empty(log.ToSortedList());
        Assert.Equal(
            ["Test is_positive(model,column_name,strict): \nselect * from {{ model }} where {{ column_name }} < 0\n", "Snapshot s(): {{ config { strategy: 'check', check_cols: 'all' } }}select 1", "Docs d(): Some *text*"],
            converted.Blocks.Select(b => $"{b.Kind} {b.Name}({string.Join(",", b.Parameters)}): {b.Body}"));
    }

    private static JinjaTemplateConverter Converter() => new(new JinjaExpressionConverter(new ConfigKeyMapper("public_")));
}
