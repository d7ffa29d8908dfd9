{{- # On PostgreSQL, an index per column list on a model's table, created once and named <prefix>__<first column> -}}
{{- # (a post-hook's statements run in one round trip). Other warehouses have no indexes: nothing. -}}
{{- func postgres_indexes(relation, prefix, column_lists) -}}
{{- if target.type == 'postgres' -}}
{{- for columns in column_lists -}}
create index if not exists {{ prefix }}__{{ columns | string.split ',' | array.first | string.strip }} on {{ relation }} ({{ columns }});
{{ end -}}
{{- end -}}
{{- end -}}

{{- # A unique index on a model's key (PostgreSQL): besides enforcing it, it makes a look-up by the key an index probe -}}
{{- # from the first build on, and lets the planner drop a left join to a dimension that a query does not read from, -}}
{{- # so counting bi_analysis counts fact_activity alone. -}}
{{- func postgres_unique_key(relation, prefix, column) -}}
{{- if target.type == 'postgres' -}}
create unique index if not exists {{ prefix }}__{{ column }} on {{ relation }} ({{ column }});
{{ end -}}
{{- end -}}

{{- # A partial index (PostgreSQL): only the rows meeting the condition, so a test whose failing rows are exactly those -}}
{{- # reads an index that is empty while the data is right, instead of every row of the history. -}}
{{- func postgres_partial_index(relation, name, columns, condition) -}}
{{- if target.type == 'postgres' -}}
create index if not exists {{ name }} on {{ relation }} ({{ columns }}) where {{ condition }};
{{ end -}}
{{- end -}}
