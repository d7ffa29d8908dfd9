{{- # Fails on rows where the column is below the given minimum. -}}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min }}
