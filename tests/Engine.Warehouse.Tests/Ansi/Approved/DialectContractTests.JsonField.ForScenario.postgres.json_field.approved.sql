((raw)::jsonb #>> array['map', 'summary_polyline'])
