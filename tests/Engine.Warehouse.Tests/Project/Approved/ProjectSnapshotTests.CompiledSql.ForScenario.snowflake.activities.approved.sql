-- Typed, renamed activities; rows soft-deleted by CDC are left out.
select
    cast(id as bigint) as activity_id,
    cast(athlete_id as bigint) as athlete_id,
    nullif(lower(trim(name)), '') as activity_name,
    lower(coalesce(sport_type, type)) as activity_type,
    cast(manual as boolean) as is_manual_input,
    cast(commute as boolean) as is_commute,
    cast(trainer as boolean) as is_indoor_trainer,
    cast(distance as double precision) as distance_m,
    cast(moving_time as integer) as moving_time_s,
    cast(elapsed_time as integer) as elapsed_time_s,
    cast(total_elevation_gain as double precision) as elevation_gain_m,
    cast(average_speed as double precision) as avg_speed_ms,
    cast(max_speed as double precision) as max_speed_ms,
    cast(elev_high as double precision) as highest_elevation,
    cast(elev_low as double precision) as lowest_elevation,
    cast(start_date as timestamp with time zone) as started_at,
    cast(start_date_local as timestamp) as started_at_local,
    cast((start_latlng)[0]::varchar as double precision) as start_latitude,
    cast((start_latlng)[1]::varchar as double precision) as start_longitude,
    cast((end_latlng)[0]::varchar as double precision) as end_latitude,
    cast((end_latlng)[1]::varchar as double precision) as end_longitude,
    case when coalesce(nullif(lower(trim(location_city)), ''), nullif(lower(trim(location_state)), ''), nullif(lower(trim(location_country)), '')) is null
        then nullif(lower(trim(geo_city)), '')
        else nullif(lower(trim(location_city)), '')
    end as location_city,
    case when coalesce(nullif(lower(trim(location_city)), ''), nullif(lower(trim(location_state)), ''), nullif(lower(trim(location_country)), '')) is null
        then nullif(lower(trim(geo_state)), '')
        else nullif(lower(trim(location_state)), '')
    end as location_state,
    case when coalesce(nullif(lower(trim(location_city)), ''), nullif(lower(trim(location_state)), ''), nullif(lower(trim(location_country)), '')) is null
        then nullif(lower(trim(geo_country)), '')
        else nullif(lower(trim(location_country)), '')
    end as location_country,
    cast(upload_id as bigint) as upload_id,
    nullif(trim(external_id), '') as external_id,
    cast(kudos_count as integer) as kudos_count,
    summary_polyline,
    _extracted_at as extracted_at,
    _lsn as source_lsn
from strava.activities
where not coalesce(_deleted, false)
