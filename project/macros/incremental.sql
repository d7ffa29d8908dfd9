{{- # How far an incremental model has read: the newest commit time it holds, less a margin for commits that ran at -}}
{{- # the same time and reached the warehouse out of order. Beginning of time when it holds nothing yet. -}}
{{- func high_water_mark(column) -}}
{{ dateadd 'hour' ('-' + var('incremental_margin_hours')) ("coalesce(max(" + column + "), cast('" + var('beginning_of_time') + "' as timestamp with time zone))") }}
{{- end -}}
