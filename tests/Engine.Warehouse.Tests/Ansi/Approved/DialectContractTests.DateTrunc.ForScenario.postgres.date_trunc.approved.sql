date_trunc('month', started_at)
