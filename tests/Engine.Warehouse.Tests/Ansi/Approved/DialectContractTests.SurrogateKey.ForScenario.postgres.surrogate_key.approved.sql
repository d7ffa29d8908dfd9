md5(cast(coalesce(cast(athlete_id as text), '_engine_null_') || '-' || coalesce(cast(cast(valid_from as date) as text), '_engine_null_') as text))
