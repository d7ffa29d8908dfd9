#!/usr/bin/env python3
"""Generate a synthetic project of N models for benchmarking `engine compile`.

Usage: generate_project.py N OUTPUT_DIR [--seed SEED]

The output is deterministic for a given N and seed. OUTPUT_DIR must not exist
or be empty; compile.sh generates into a scratch directory and renames it.

Layout:
    pipeline.yml
    macros/helpers.sql
    models/layer_00/m_000000.sql ... (at most 1,000 models per folder)
    models/layer_00/schema.yml       (describes one model in ten of the folder)

Models 0..2 are roots (no refs). Every other model refs 2 or 3 distinct models
with a smaller index, so the graph is acyclic. Every model outputs the columns
id, amount_cents, label.
"""

import argparse
import os
import random
import sys

MODELS_PER_FOLDER = 1000
ROOT_MODELS = 3
DEFAULT_SEED = 20240601
TAGS = ["finance", "marketing", "sales", "ops", "core", "daily", "hourly"]

PIPELINE_HEADER = """\
name: bench
targets:
  dev:
    type: postgres
    schema: analytics
models:
  +materialized: view
"""

MACROS = "{{ func cents_to_dollars(column) }}({{ column }} / 100.0)::numeric(16, 2){{ end }}\n"

ROOT_SQL = "select 1 as id, 100 as amount_cents, 'x' as label\n"


def widths(n):
    """Digits of model and folder numbers: 6 and 2 unless N needs more."""
    folders = (n + MODELS_PER_FOLDER - 1) // MODELS_PER_FOLDER
    return max(6, len(str(n - 1))), max(2, len(str(folders - 1)))


def config_block(rng):
    """A config block: mostly views, some tables, a few incrementals."""
    roll = rng.random()
    if roll < 0.05:
        materialized = "incremental"
    elif roll < 0.20:
        materialized = "table"
    else:
        materialized = "view"
    tags = rng.sample(TAGS, rng.choice((1, 1, 2)))
    parts = [f"materialized: '{materialized}'"]
    if materialized == "incremental":
        parts.append("unique_key: 'id'")
    parts.append("tags: [" + ", ".join(f"'{t}'" for t in tags) + "]")
    return materialized, "{{ config { " + ", ".join(parts) + " } }}\n"


def model_sql(i, rng, name):
    if i < ROOT_MODELS:
        return ROOT_SQL
    materialized, config = config_block(rng)
    parents = rng.sample(range(i), rng.choice((2, 3)))
    aliases = "abc"[: len(parents)]
    ctes = ",\n".join(
        f"{a} as (\n    select * from {{{{ ref('{name(p)}') }}}}\n)" for a, p in zip(aliases, parents)
    )
    joins = "".join(f"join {a} on a.id = {a}.id\n" for a in aliases[1:])
    incremental = ""
    if materialized == "incremental":
        incremental = "{{ if is_incremental() }}\nwhere a.id > (select max(id) from {{ this }})\n{{ end }}\n"
    return (
        config
        + "with "
        + ctes
        + "\nselect\n"
        + "    a.id,\n"
        + "    a.amount_cents,\n"
        + "    {{ cents_to_dollars 'a.amount_cents' }} as amount,\n"
        + f"    {aliases[-1]}.label\n"
        + "from a\n"
        + joins
        + incremental
    )


def schema_yml(names):
    out = ["version: 2\n", "models:\n"]
    for index, name in names:
        out.append(
            f"  - name: {name}\n"
            f'    description: "Synthetic model {index}"\n'
            "    columns:\n"
            "      - name: id\n"
            "        tests:\n"
            "          - unique\n"
            "          - not_null\n"
            "      - name: label\n"
            "        tests:\n"
            "          - accepted_values:\n"
            "              values: ['x', 'y']\n"
        )
    return "".join(out)


def write(path, text):
    # os.open/os.write: no Python I/O layer per file, which matters at 100,000 files.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def generate(n, out, seed):
    rng = random.Random(seed)
    model_width, folder_width = widths(n)

    def name(i):
        return f"m_{i:0{model_width}d}"

    folders = [f"layer_{k:0{folder_width}d}" for k in range((n + MODELS_PER_FOLDER - 1) // MODELS_PER_FOLDER)]

    os.makedirs(os.path.join(out, "macros"), exist_ok=True)
    write(os.path.join(out, "macros", "helpers.sql"), MACROS)

    pipeline = [PIPELINE_HEADER]
    for k, folder in enumerate(folders):
        pipeline.append(f"  {folder}:\n    +tags: ['layer{k}']\n")
        if k % 10 == 0:
            pipeline.append("    +materialized: table\n")
    write(os.path.join(out, "pipeline.yml"), "".join(pipeline))

    for k, folder in enumerate(folders):
        directory = os.path.join(out, "models", folder)
        os.makedirs(directory, exist_ok=True)
        first = k * MODELS_PER_FOLDER
        last = min(n, first + MODELS_PER_FOLDER)
        for i in range(first, last):
            write(os.path.join(directory, name(i) + ".sql"), model_sql(i, rng, name))
        described = [(i, name(i)) for i in range(first, last) if i % 10 == 0]
        write(os.path.join(directory, "schema.yml"), schema_yml(described))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of models (>= 1)")
    parser.add_argument("out", help="output directory (must not exist or be empty)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    if os.path.isdir(args.out) and os.listdir(args.out):
        parser.error(f"{args.out} is not empty")
    generate(args.n, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
