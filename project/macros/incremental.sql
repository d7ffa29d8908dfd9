{{- # How far an incremental model has read the CDC stream: the newest commit position (LSN) it holds, or the start of -}}
{{- # the stream when it holds nothing. CDC applies commits in LSN order, so every row committed later is above it. -}}
{{- # The start is the target's (lowest_cdc_position), as the type of the position is its CDC sink's. -}}
{{- func high_water_mark(column) -}}
coalesce(max({{ column }}), {{ lowest_cdc_position() }})
{{- end -}}

{{- # An upper bound on a column compared with a high-water mark: at most the newest value the relation holds, so it -}}
{{- # leaves no row out. The planner cannot see the mark (a subquery, known only when the statement runs) and guesses -}}
{{- # that a third of the table is above it, so it would scan or hash the whole history; bounded on both sides it -}}
{{- # guesses a narrow range and reads the index on the column: the rows a daily run changed, not the history. -}}
{{- func newest_bound(column, relation, relation_column) -}}
{{ column }} <= (select max({{ relation_column }}) from {{ relation }})
{{- end -}}
