{{- # How far an incremental model has read the CDC stream: the newest commit position (LSN) it holds, or the start of -}}
{{- # the stream when it holds nothing. CDC applies commits in LSN order, so every row committed later is above it. -}}
{{- func high_water_mark(column) -}}
coalesce(max({{ column }}), cast('0/0' as pg_lsn))
{{- end -}}
