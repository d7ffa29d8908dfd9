case when cast(raw_value as text) ~* '^\s*[-+]?[0-9]+\s*$' then cast(raw_value as bigint) end
case when cast(raw_value as text) ~* '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$' then cast(raw_value as numeric(10,2)) end
case when cast(raw_value as text) ~* '^\s*(true|false|t|f|yes|no|y|n|on|off|1|0)\s*$' then cast(raw_value as boolean) end
case when cast(raw_value as text) ~* '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}' then cast(raw_value as date) end
cast(raw_value as text)
