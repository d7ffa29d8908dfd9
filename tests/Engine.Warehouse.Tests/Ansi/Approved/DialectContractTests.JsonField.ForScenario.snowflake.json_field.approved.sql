(raw)['map']['summary_polyline']::varchar
