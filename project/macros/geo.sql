{{- # Latitude (index 0) or longitude (index 1) from Strava's [lat, lng] JSON array; [] without GPS gives null. -}}
{{- func latlng_part(column, index) -}}
cast({{ json_field column index }} as double precision)
{{- end -}}

{{- # City (part 'city'), region ('state') or country of an activity: Strava's location_* fields when it sent any, -}}
{{- # else the GeoNames place nearest start_latlng that the extractor staged in geo_* (Strava leaves its own empty on -}}
{{- # almost every activity). One source for all three parts, so a city never pairs with another source's country. -}}
{{- func activity_location(part) -}}
case when coalesce({{ clean_text 'location_city' }}, {{ clean_text 'location_state' }}, {{ clean_text 'location_country' }}) is null
        then {{ clean_text ('geo_' + part) }}
        else {{ clean_text ('location_' + part) }}
    end
{{- end -}}
