{{- # Fails on rows where the column is below zero. -}}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0
