namespace Snowflake.Sandbox.Execution;

/// <summary>
/// Snowflake functions DuckDB lacks, as temporary macros of the stand-in's connection, and Snowflake's
/// INFORMATION_SCHEMA views (its type names: NUMBER, TEXT, FLOAT, TIMESTAMP_TZ, ...) over DuckDB's catalog.
/// </summary>
internal static class SessionSetup
{
    public static IReadOnlyList<string> Statements { get; } =
    [
        "SET TimeZone = 'UTC'",
        "CREATE TEMP MACRO IFF(c, a, b) AS CASE WHEN c THEN a ELSE b END",
        "CREATE TEMP MACRO DATEADD(p, n, x) AS x + CAST(CAST(n AS VARCHAR) || ' ' || p AS INTERVAL)",
        "CREATE TEMP MACRO PARSE_JSON(x) AS CAST(x AS JSON)",
        "CREATE TEMP MACRO TRY_PARSE_JSON(x) AS TRY_CAST(x AS JSON)",
        "CREATE TEMP MACRO TO_VARIANT(x) AS CAST(x AS JSON)",
        "CREATE TEMP MACRO WEEKISO(x) AS WEEK(x)",
        "CREATE TEMP MACRO DAYOFWEEKISO(x) AS ISODOW(x)",
        "CREATE TEMP MACRO ZEROIFNULL(x) AS COALESCE(x, 0)",
        "CREATE TEMP MACRO NVL(a, b) AS COALESCE(a, b)",
        "CREATE TEMP MACRO INITCAP(s) AS ARRAY_TO_STRING(LIST_TRANSFORM(STRING_SPLIT(LOWER(s), ' '), w -> UPPER(w[1]) || w[2:]), ' ')",
        "CREATE TEMP MACRO TO_CHAR(x, f) AS STRFTIME(x, REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(f, 'YYYY', '%Y'), 'MMMM', '%B'), 'MON', '%b'), 'MM', '%m'), 'DD', '%d'), 'HH24', '%H'), 'MI', '%M'), 'SS', '%S'))",
        "CREATE TEMP MACRO GET(v, k) AS CASE WHEN TYPEOF(k) IN ('VARCHAR') THEN JSON_EXTRACT(CAST(v AS JSON), '$.\"' || k || '\"') ELSE JSON_EXTRACT(CAST(v AS JSON), '$[' || CAST(k AS VARCHAR) || ']') END",
        """
        CREATE TEMP VIEW __SF_TABLES AS
        SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME,
               CASE table_type WHEN 'VIEW' THEN 'VIEW' ELSE 'BASE TABLE' END AS TABLE_TYPE, TABLE_COMMENT AS COMMENT
        FROM information_schema.tables WHERE table_type <> 'LOCAL TEMPORARY'
        """,
        """
        CREATE TEMP VIEW __SF_VIEWS AS
        SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME, view_definition AS VIEW_DEFINITION
        FROM information_schema.views
        """,
        """
        CREATE TEMP VIEW __SF_SCHEMATA AS
        SELECT catalog_name AS TABLE_CATALOG, catalog_name AS CATALOG_NAME, schema_name AS SCHEMA_NAME FROM information_schema.schemata
        """,
        """
        CREATE TEMP VIEW __SF_COLUMNS AS
        SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME, column_name AS COLUMN_NAME,
               ordinal_position AS ORDINAL_POSITION, is_nullable AS IS_NULLABLE,
               CASE
                 WHEN data_type IN ('BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'HUGEINT', 'UBIGINT', 'UINTEGER', 'USMALLINT', 'UTINYINT') OR data_type LIKE 'DECIMAL%' THEN 'NUMBER'
                 WHEN data_type IN ('DOUBLE', 'FLOAT', 'REAL') THEN 'FLOAT'
                 WHEN data_type = 'VARCHAR' THEN 'TEXT'
                 WHEN data_type = 'JSON' THEN 'VARIANT'
                 WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_TZ'
                 WHEN data_type LIKE 'TIMESTAMP%' THEN 'TIMESTAMP_NTZ'
                 ELSE data_type
               END AS DATA_TYPE,
               CASE WHEN data_type LIKE 'DECIMAL%' OR data_type IN ('BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'HUGEINT') THEN 38 END AS NUMERIC_PRECISION,
               CASE WHEN data_type LIKE 'DECIMAL%' THEN numeric_scale WHEN data_type IN ('BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'HUGEINT') THEN 0 END AS NUMERIC_SCALE,
               CASE WHEN data_type = 'VARCHAR' THEN 16777216 END AS CHARACTER_MAXIMUM_LENGTH
        FROM information_schema.columns
        """,
    ];
}
