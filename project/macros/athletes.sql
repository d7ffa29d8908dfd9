{{- # The typed, cleaned athlete columns, shared by the current profiles and their change log. -}}
{{- func athlete_columns() -}}
cast(id as bigint) as athlete_id,
    {{ clean_text 'firstname' }} as first_name,
    {{ clean_text 'lastname' }} as last_name,
    nullif(concat_ws(' ', {{ clean_text 'firstname' }}, {{ clean_text 'lastname' }}), '') as full_name,
    {{ clean_text 'city' }} as city,
    {{ clean_text 'state' }} as state,
    {{ clean_text 'country' }} as country,
    nullif(upper(trim(sex)), '') as sex,
    cast(premium as boolean) as has_premium_subscription,
    cast(summit as boolean) as summit_subscription,
    cast(weight as double precision) as weight_kg,
    cast(created_at as timestamp with time zone) as created_at,
    cast(updated_at as timestamp with time zone) as updated_at
{{- end -}}

