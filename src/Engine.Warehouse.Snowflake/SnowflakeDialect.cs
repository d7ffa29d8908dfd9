using System.Text.RegularExpressions;
using Engine.Warehouse.Ansi;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// Snowflake: simple names are written unquoted so they resolve case-insensitively (to upper case), as dbt-snowflake
/// does by default; anything else is quoted. 64-bit ids are NUMBER(38,0), so no integer width issue here.
/// </summary>
public sealed partial class SnowflakeDialect : AnsiDialect
{
    public static SnowflakeDialect Instance { get; } = new();

    public override string Name => "snowflake";

    public override int MaxIdentifierLength => 255;

    public override bool SupportsMaterializedViews => true;

    /// <summary>Snowflake records unique, primary and foreign keys but checks only not null, and has no check constraints.</summary>
    public override IReadOnlyList<string> EnforcedConstraints { get; } = ["not_null"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]*$")]
    private static partial Regex SimpleName();

    public override string QuoteIdentifier(string identifier) =>
        SimpleName().IsMatch(identifier) && !identifier.StartsWith("__", StringComparison.Ordinal) ? identifier : base.QuoteIdentifier(identifier);

    public override string DateTrunc(string datePart, string expression) => $"date_trunc('{datePart}', {expression})";

    public override string DateAdd(string datePart, string amount, string expression) => $"dateadd({datePart}, {amount}, {expression})";

    public override string DateDiff(string datePart, string startExpression, string endExpression) =>
        $"datediff({datePart}, {startExpression}, {endExpression})";

    /// <summary>
    /// SEQ4 may leave gaps, so the row number over it numbers the days; QUALIFY needs a window function, so the end is a
    /// WHERE around the generated rows.
    /// </summary>
    public override string DateSpine(string datePart, string startDate, string endDate) =>
        $"select date_{datePart}\nfrom (\n    select dateadd({datePart}, row_number() over (order by seq4()) - 1, cast({startDate} as date)) as date_{datePart}\n" +
        $"    from table(generator(rowcount => 100000))\n) as spine\nwhere date_{datePart} < cast({endDate} as date)";

    public override string SafeCast(string expression, string type) => $"try_cast({expression} as {type})";

    public override string CurrentTimestamp() => "current_timestamp()";

    /// <summary>Snowflake has no LSN type: a CDC sink there stores the position as the number it is (LSNs are 64-bit, from 0).</summary>
    public override string LowestCdcPosition() => "0";

    public override string JsonField(string expression, string path)
    {
        // Numeric segments index arrays ([lat, lng]); others are object keys.
        var access = string.Concat(path.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(k => k.All(char.IsAsciiDigit) ? $"[{k}]" : $"[{StringLiteral(k)}]"));
        return $"({expression}){access}::varchar";
    }
}
