{{- # How far an incremental model has read the CDC stream: the newest commit position (LSN) it holds, or the start of -}}
{{- # the stream when it holds nothing. CDC applies commits in LSN order, so every row committed later is above it. -}}
{{- # The start is the target's (lowest_cdc_position), as the type of the position is its CDC sink's. -}}
{{- func high_water_mark(column) -}}
coalesce(max({{ column }}), {{ lowest_cdc_position() }})
{{- end -}}
