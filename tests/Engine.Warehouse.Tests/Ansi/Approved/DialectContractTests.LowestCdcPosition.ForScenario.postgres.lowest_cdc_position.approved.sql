cast('0/0' as pg_lsn)
