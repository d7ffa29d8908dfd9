(month_start_date + ((interval '1 day') * (-1)))
