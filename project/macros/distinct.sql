{{- # The distinct non-null values of a column, as a query with that one column. On PostgreSQL, a loose index scan: -}}
{{- # each step looks the next value up in an index whose first column is this one (the model that owns the table -}}
{{- # creates it), so the cost follows the number of values, not of rows. Elsewhere a plain distinct. -}}
{{- func distinct_values(relation, column) -}}
{{- if target.type == 'postgres' -}}
with recursive distinct_values as (
        select min({{ column }}) as {{ column }} from {{ relation }}
        union all
        select (select min(next_value.{{ column }}) from {{ relation }} as next_value where next_value.{{ column }} > distinct_values.{{ column }})
        from distinct_values
        where distinct_values.{{ column }} is not null
    )
    select {{ column }} from distinct_values where {{ column }} is not null
{{- else -}}
select distinct {{ column }} from {{ relation }} where {{ column }} is not null
{{- end -}}
{{- end -}}
