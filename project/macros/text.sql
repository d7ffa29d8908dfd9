{{- # Lowercases and trims a text column; empty strings become null, as the original models did. -}}
{{- func clean_text(column) -}}
nullif(lower(trim({{ column }})), '')
{{- end -}}
