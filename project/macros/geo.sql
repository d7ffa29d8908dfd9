{{- # Latitude (index 0) or longitude (index 1) from Strava's [lat, lng] JSON array; [] without GPS gives null. -}}
{{- func latlng_part(column, index) -}}
cast({{ json_field column index }} as double precision)
{{- end -}}
