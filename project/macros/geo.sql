{{- # Latitude (index 0) or longitude (index 1) from Strava's [lat, lng] JSON array; [] without GPS gives null. -}}
{{- func latlng_part(column, index) -}}
cast(({{ column }})::jsonb ->> {{ index }} as double precision)
{{- end -}}
