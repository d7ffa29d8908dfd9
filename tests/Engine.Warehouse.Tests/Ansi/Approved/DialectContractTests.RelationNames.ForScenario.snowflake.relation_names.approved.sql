warehouse.dwh.fact_activity
raw."Mixed Case"
"has""quote"
