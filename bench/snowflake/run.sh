#!/bin/bash
# bench/snowflake: SQL API requests per materialization against dbt-snowflake's statement counts, and CDC sink rows/s
# against plain bound INSERTs, on the Snowflake stand-in. Usage: bench/snowflake/run.sh [ROWS]  (default 20000)
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release --project SnowflakeBench.csproj -- "${1:-20000}"
