namespace Engine.Warehouse.Postgres;

/// <summary>Catalog queries, kept apart from the session so their text reads as SQL.</summary>
internal static class PostgresCatalogQueries
{
    /// <summary>Relations of the given schemas (and one identifier when $2 is not null), with ordered columns.</summary>
    public const string Relations = """
        select n.nspname, c.relname, c.relkind::char,
               coalesce(array_agg(a.attname::text order by a.attnum) filter (where a.attnum > 0), '{}'),
               coalesce(array_agg(format_type(a.atttypid, a.atttypmod) order by a.attnum) filter (where a.attnum > 0), '{}'),
               obj_description(c.oid, 'pg_class')
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm') and ($2::text is null or c.relname = $2)
        group by n.nspname, c.relname, c.relkind, c.oid
        """;

    /// <summary>Views reading $1 directly or through other views, deepest last, with their definitions.</summary>
    public const string DependentViews = """
        with recursive deps(oid, depth) as (
            select distinct r.ev_class, 1
            from pg_depend d
            join pg_rewrite r on r.oid = d.objid
            where d.classid = 'pg_rewrite'::regclass and d.refobjid = to_regclass($1) and r.ev_class <> to_regclass($1)
            union
            select distinct r.ev_class, deps.depth + 1
            from deps
            join pg_depend d on d.refobjid = deps.oid and d.classid = 'pg_rewrite'::regclass
            join pg_rewrite r on r.oid = d.objid
            where r.ev_class <> deps.oid and deps.depth < 50
        )
        select n.nspname, c.relname, c.relkind::char, pg_get_viewdef(c.oid), obj_description(c.oid, 'pg_class')
        from (select oid, max(depth) as depth from deps group by oid) x
        join pg_class c on c.oid = x.oid
        join pg_namespace n on n.oid = c.relnamespace
        order by x.depth, n.nspname, c.relname
        """;
}
