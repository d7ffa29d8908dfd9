current_timestamp()
