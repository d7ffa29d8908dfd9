using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// <c>safe_cast</c> on PostgreSQL: a cast that yields null instead of failing. PostgreSQL before 16 has neither
/// try_cast nor <c>pg_input_is_valid</c>, so the value's text is checked exactly before it is cast: by pattern, then
/// by range (integers, numeric precision, float limits) or calendar (the days of the month). Each check is a nested
/// <c>case</c>, because PostgreSQL evaluates a <c>case</c>'s conditions before its results, also when it folds
/// constants at plan time, and guarantees no order for <c>and</c>. The result is a plain expression: it works in a
/// view and needs no function created first. Stricter than the cast itself in one way: dates and timestamps must be
/// ISO 8601 (<c>2024-05-06</c>, <c>2024-05-06 07:08:09.5+02</c>), numbers decimal (no NaN, Infinity only for floats).
/// Types it cannot check fail at compile time, naming the dialect and the type.
/// </summary>
public static partial class PostgresSafeCast
{
    private const string Number = @"^ *[-+]?([0-9]{1,255}(\.[0-9]{0,255})?|\.[0-9]{1,255})([eE][-+]?[0-9]{1,3})? *$";
    private const string Date = "(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
    private const string Time = "([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,255})?)?)?";
    private const string Zone = "( ?(z|utc|[-+]([01][0-9]|2[0-3])(:?[0-5][0-9])?))?";

    public static string Expression(string expression, string type)
    {
        var match = TypePattern().Match(type.Trim().ToLowerInvariant());
        var name = match.Success ? WhiteSpace().Replace(match.Groups["name"].Value.Trim(), " ") : string.Empty;
        var args = match.Groups["args"].Success
            ? match.Groups["args"].Value.Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray()
            : [];
        var text = $"cast({expression} as text)";
        var cast = $"cast({text} as {type})";
        return name switch
        {
            "smallint" or "int2" => Integer(text, cast, short.MinValue, short.MaxValue),
            "integer" or "int" or "int4" => Integer(text, cast, int.MinValue, int.MaxValue),
            "bigint" or "int8" => Integer(text, cast, long.MinValue, long.MaxValue),
            "numeric" or "decimal" => Numeric(text, cast, args),
            "real" or "float4" => Float(text, cast, "3.4028234663852886e38", "1.401298464324817e-45"),
            "float" when args is [<= 24] => Float(text, cast, "3.4028234663852886e38", "1.401298464324817e-45"),
            "double precision" or "float8" or "float" => Float(text, cast, "1.7976931348623157e308", "4.9406564584124654e-324"),
            "boolean" or "bool" => When(text, "~*", @"^ *(t(r(ue?)?)?|y(es?)?|on|off?|f(a(l(se?)?)?)?|no?|1|0) *$", cast),
            "date" => Calendar(text, cast, $"^ *{Date} *$"),
            "timestamp" or "timestamp without time zone" or "timestamptz" or "timestamp with time zone" =>
                Calendar(text, cast, $"^ *{Date}{Time}{Zone} *$"),
            "text" or "varchar" or "character varying" or "char" or "character" or "bpchar" => $"cast({expression} as {type})",
            _ => throw new ArgumentException(
                $"postgres: safe_cast to '{type}' is not supported; it supports integers, numeric, real, double precision, boolean, date, timestamp, timestamptz and text"),
        };
    }

    private static string When(string text, string op, string pattern, string then) =>
        $"case when {text} {op} '{pattern}' then {then} end";

    /// <summary>At most 19 significant digits by pattern, so the range check's numeric cast cannot fail either.</summary>
    private static string Integer(string text, string cast, long min, long max) =>
        When(text, "~", @"^ *[-+]?0*[0-9]{1,19} *$", $"case when cast({text} as numeric) between {min} and {max} then {cast} end");

    /// <summary>numeric(p, s) rounds to s digits, then needs fewer than p - s before the point.</summary>
    private static string Numeric(string text, string cast, int[] args)
    {
        if (args.Length == 0)
        {
            return When(text, "~", Number, cast);
        }

        var (precision, scale) = (args[0], args.Length > 1 ? args[1] : 0);
        return When(text, "~", Number,
            $"case when abs(round(cast({text} as numeric), {scale})) < 1e{precision - scale} then {cast} end");
    }

    /// <summary>A decimal beyond the type's largest value, or so small it would round to zero, is out of range; NaN and Infinity are values.</summary>
    private static string Float(string text, string cast, string largest, string smallest) =>
        $"case when {text} ~* '^ *(nan|[-+]?inf(inity)?) *$' then {cast} when {text} ~ '{Number}' then " +
        $"case when abs(cast({text} as numeric)) <= {largest} and (cast({text} as numeric) = 0 or abs(cast({text} as numeric)) >= {smallest}) then {cast} end end";

    /// <summary>The pattern admits days up to 31; the day must also exist in its month (2023-02-29 does not).</summary>
    private static string Calendar(string text, string cast, string pattern)
    {
        var trimmed = $"btrim({text})";
        var day = $"cast(substr({trimmed}, 9, 2) as integer)";
        var monthStart = $"make_date(cast(substr({trimmed}, 1, 4) as integer), cast(substr({trimmed}, 6, 2) as integer), 1)";
        return When(text, "~*", pattern,
            $"case when {day} <= extract(day from {monthStart} + interval '1 month - 1 day') then {cast} end");
    }

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9 ]*?)\s*(\(\s*(?<args>-?[0-9]+(\s*,\s*-?[0-9]+)?)\s*\))?$")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
