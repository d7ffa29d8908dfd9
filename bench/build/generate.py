#!/usr/bin/env python3
"""Writes the build benchmark's project: a 1,000,000-row seed, 500 view models and 200 table models.

Usage: generate.py DIR [ROWS]
Views form chains over the seed (each filters or derives columns of the one before); tables aggregate a
view, so each table reads the seed's rows through a few views, as real marts do.
"""
import os
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
views, tables = 500, 200
random.seed(42)
os.makedirs(f"{out}/seeds", exist_ok=True)
os.makedirs(f"{out}/models/views", exist_ok=True)
os.makedirs(f"{out}/models/tables", exist_ok=True)
with open(f"{out}/pipeline.yml", "w") as f:
    f.write("""name: bench_build
target: dev
targets:
  dev:
    type: postgres
    database: bench_build
    schema: bench
    threads: 4
models:
  views:
    +schema: bench_views
    +materialized: view
  tables:
    +schema: bench_tables
    +materialized: table
""")
seed = f"{out}/seeds/events.csv"
if not os.path.exists(seed) or os.path.getsize(seed) < rows * 10:
    with open(seed, "w") as f:
        f.write("event_id,category,amount,created_on\n")
        for i in range(rows):
            f.write(f"{i},{i % 97},{(i * 7919) % 10000 / 100:.2f},2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n")
for v in range(views):
    parent = "{{ ref('events') }}" if v % 25 == 0 else f"{{{{ ref('v{v - 1:03d}') }}}}"
    with open(f"{out}/models/views/v{v:03d}.sql", "w") as f:
        f.write(f"select event_id, category, amount + {v % 7} as amount, created_on\nfrom {parent}\nwhere category <> {v % 97}\n")
for t in range(tables):
    source = f"v{(t * 5 + 4) % views:03d}"
    with open(f"{out}/models/tables/t{t:03d}.sql", "w") as f:
        f.write(f"select category, count(*) as events, sum(amount) as amount\nfrom {{{{ ref('{source}') }}}}\nwhere event_id % 200 = {t}\ngroup by category\n")
