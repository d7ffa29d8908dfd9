{{- # The rows of fact_activity that assert_indoor_trainer_has_no_elevation_gain reports. fact_activity keeps a partial -}}
{{- # index on the same condition (the planner uses it only when the test's where clause implies it: written once here, -}}
{{- # returned as a value so that a hook can pass it on). -}}
{{- func indoor_climb() -}}
{{- ret "is_indoor_trainer and activity_type <> 'virtualride' and elevation_gain_m > 0" -}}
{{- end -}}
