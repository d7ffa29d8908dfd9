namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// The staging database's DDL and the upsert, generated from <see cref="StagingTable"/>. Tables live in
/// <c>public</c>; the engine's own state (extract checkpoints) in <c>_engine</c>, outside any CDC publication.
/// </summary>
public static class StagingSql
{
    public static string CreateTables() => $"""
        CREATE SCHEMA IF NOT EXISTS _engine;
        CREATE TABLE IF NOT EXISTS _engine.strava_staging_pending (
            work text PRIMARY KEY
        );
        {CreateTable(StagingTable.Athletes, "last_activity_date timestamptz", null)}
        {CreateTable(StagingTable.Activities, null, LocateActivities)}
        CREATE TABLE IF NOT EXISTS _engine.strava_extract_state (
            athlete_id bigint PRIMARY KEY,
            window_after timestamptz,
            window_before timestamptz,
            resume_before timestamptz,
            complete boolean NOT NULL,
            pages integer NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_athlete_runs (
            athlete_name text PRIMARY KEY,
            completed_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_athlete_served (
            athlete_name text PRIMARY KEY,
            served_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_athlete_ids (
            athlete_id bigint PRIMARY KEY,
            athlete_name text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_profile_state (
            athlete_id bigint PRIMARY KEY,
            fetched_at timestamptz NOT NULL,
            changed boolean NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_reconcile_state (
            athlete_id bigint PRIMARY KEY,
            started_at timestamptz NOT NULL,
            resume_before timestamptz,
            complete boolean NOT NULL,
            pages integer NOT NULL,
            completed_at timestamptz
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_reconcile_seen (
            athlete_id bigint NOT NULL,
            activity_id bigint NOT NULL,
            PRIMARY KEY (athlete_id, activity_id)
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_deauthorized (
            athlete_id bigint PRIMARY KEY,
            athlete_name text,
            deauthorized_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT clock_timestamp(),
            athlete_id bigint NOT NULL,
            action text NOT NULL,
            detail jsonb NOT NULL
        );
        {Webhooks.WebhookQueue.CreateSql}
        """;

    public static string CreateStageTable(StagingTable table) =>
        $"CREATE TEMP TABLE IF NOT EXISTS stage_{table.Name} (LIKE public.{table.Name}) WITH (toast_tuple_target = 8160) ON COMMIT DELETE ROWS";

    public static string Copy(StagingTable table) =>
        $"COPY stage_{table.Name} ({ColumnList(table)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>COPY straight into the table, for a page none of whose ids is staged yet.</summary>
    public static string CopyInto(StagingTable table) =>
        $"COPY public.{table.Name} ({ColumnList(table)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Inserts new rows and updates rows whose JSON changed (an edit on Strava); unchanged rows are left alone, so CDC
    /// sees a change only when there is one. Returns one row per insert or update: <c>true</c> for an insert.
    /// </summary>
    public static string Upsert(StagingTable table, string source) => Upsert(table, source, "t.raw IS DISTINCT FROM EXCLUDED.raw");

    /// <summary>
    /// Reconciliation's upsert of listed summaries: a staged row is updated only when the summary says something it does
    /// not (<c>@&gt;</c>: a detailed row fetched for a webhook event holds every summary field and more).
    /// </summary>
    public static string UpsertWhenNotContained(StagingTable table, string source) => Upsert(table, source, "NOT (t.raw @> EXCLUDED.raw)");

    private static string Upsert(StagingTable table, string source, string changed)
    {
        var columns = ColumnList(table);
        var updates = string.Join(", ", AllColumns(table).Skip(1).Select(c => $"{c} = EXCLUDED.{c}"));
        return $"""
            INSERT INTO public.{table.Name} AS t ({columns}) SELECT {columns} FROM {source}
            ON CONFLICT (id) DO UPDATE SET {updates}
            WHERE {changed}
            RETURNING (xmax = 0)
            """;
    }

    public static string ColumnList(StagingTable table) => string.Join(", ", AllColumns(table));

    public static IEnumerable<string> AllColumns(StagingTable table) =>
        table.Columns.Select(c => c.Name).Concat(StagingTable.MetadataColumns);

    /// <summary>
    /// Primary key on <c>id</c> and <c>REPLICA IDENTITY FULL</c>: logical decoding then sends whole old rows, so a CDC
    /// reader never meets an "unchanged TOAST" placeholder for a large <c>raw</c> or polyline it did not see change.
    /// </summary>
    /// <summary>
    /// The pending work (<c>_engine.strava_staging_pending</c>) of giving a place to activities staged before the
    /// <c>geo_*</c> columns existed: recorded when they are added, removed once every such row was looked at.
    /// </summary>
    public const string LocateActivities = "locate_activities";

    public const string IsPending = "SELECT EXISTS (SELECT 1 FROM _engine.strava_staging_pending WHERE work = $1)";

    public const string PendingDone = "DELETE FROM _engine.strava_staging_pending WHERE work = $1";

    private static string CreateTable(StagingTable table, string? extra, string? workWhenColumnsAdded)
    {
        var columns = table.Columns.Select(c => c.Name == "id" ? "id bigint PRIMARY KEY" : $"{c.Name} {c.SqlType}")
            .Concat(extra is null ? [] : [extra])
            .Append("raw jsonb NOT NULL")
            .Append("_extracted_at timestamptz NOT NULL");
        return $"""
            CREATE TABLE IF NOT EXISTS public.{table.Name} (
                {string.Join(",\n    ", columns)}
            ) WITH (toast_tuple_target = 8160);
            {AddMissingColumns(table, workWhenColumnsAdded)}
            DO $$ BEGIN
                IF (SELECT relreplident FROM pg_class WHERE oid = 'public.{table.Name}'::regclass) <> 'f' THEN
                    ALTER TABLE public.{table.Name} REPLICA IDENTITY FULL;
                END IF;
            END $$;
            """;
    }

    /// <summary>
    /// Columns added to <see cref="StagingTable"/> since the table was created (e.g. the <c>geo_*</c> columns); altered
    /// only when one is missing, since ALTER TABLE takes a lock even when it has nothing to do. CDC adds them downstream.
    /// </summary>
    private static string AddMissingColumns(StagingTable table, string? workWhenAdded)
    {
        var names = string.Join(", ", table.Columns.Select(c => $"'{c.Name}'"));
        var adds = string.Join(", ", table.Columns.Where(c => c.Name != "id").Select(c => $"ADD COLUMN IF NOT EXISTS {c.Name} {c.SqlType}"));
        var pending = workWhenAdded is null ? string.Empty
            : $"\n        INSERT INTO _engine.strava_staging_pending (work) VALUES ('{workWhenAdded}') ON CONFLICT DO NOTHING;";
        return $"""
            DO $$ BEGIN
                IF (SELECT count(*) FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name = '{table.Name}' AND column_name IN ({names})) < {table.Columns.Length} THEN
                    ALTER TABLE public.{table.Name} {adds};{pending}
                END IF;
            END $$;
            """;
    }

    /// <summary>A batch of staged activities with coordinates and no place yet, in id order after <c>$1</c>.</summary>
    public const string UnlocatedActivities = """
        SELECT id, raw FROM public.activities
        WHERE id > $1 AND geo_country IS NULL AND jsonb_typeof(start_latlng) = 'array' AND jsonb_array_length(start_latlng) = 2
        ORDER BY id LIMIT $2
        """;

    /// <summary>Writes the places found for a batch (<c>$1</c> ids, <c>$2</c>..<c>$4</c> city, state, country).</summary>
    public const string SetLocations = """
        UPDATE public.activities AS t SET geo_city = v.city, geo_state = v.state, geo_country = v.country
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(id, city, state, country)
        WHERE t.id = v.id
        """;
}
