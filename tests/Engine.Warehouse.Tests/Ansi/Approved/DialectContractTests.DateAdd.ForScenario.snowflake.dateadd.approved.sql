dateadd(day, -1, month_start_date)
