{{ func cents_to_dollars(column, scale = 2) }}round({{ column }} / 100.0, {{ scale }}){{ end }}
{{ func positive_only(x) }}{{ if x > 0 }}{{ x }}{{ else }}0{{ end }}{{ end }}
