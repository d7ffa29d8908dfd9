md5(cast(coalesce(cast(athlete_id as varchar), '_engine_null_') || '-' || coalesce(cast(cast(valid_from as date) as varchar), '_engine_null_') as varchar))
