using Scriban.Runtime;

namespace Engine.Core.Templating;

/// <summary>Cross-database helpers; each forwards to the target's dialect so one model compiles for every warehouse.</summary>
public static class DialectFunctionLibrary
{
    public static void AddTo(ScriptObject globals)
    {
        Add(globals, "surrogate_key", 1, 1, c => c.StringList(0, "columns") is { Count: > 0 } columns
            ? c.Environment.Dialect.SurrogateKey(columns)
            : throw c.Fail("surrogate_key() needs at least one column: surrogate_key(['athlete_id', 'valid_from'])"));
        Add(globals, "date_trunc", 2, 2, c => c.Environment.Dialect.DateTrunc(DatePart(c, 0), c.String(1, "expression")));
        Add(globals, "dateadd", 3, 3, c => c.Environment.Dialect.DateAdd(DatePart(c, 0), c.String(1, "amount"), c.String(2, "expression")));
        Add(globals, "datediff", 3, 3, c => c.Environment.Dialect.DateDiff(DatePart(c, 0), c.String(1, "start"), c.String(2, "end")));
        Add(globals, "date_spine", 3, 3, c => c.Environment.Dialect.DateSpine(DatePart(c, 0), c.String(1, "start_date"), c.String(2, "end_date")));
        Add(globals, "safe_cast", 2, 2, c => c.Environment.Dialect.SafeCast(c.String(0, "expression"), c.String(1, "type")));
        Add(globals, "current_timestamp", 0, 0, c => c.Environment.Dialect.CurrentTimestamp());
        Add(globals, "lowest_cdc_position", 0, 0, c => c.Environment.Dialect.LowestCdcPosition());
        Add(globals, "json_field", 2, 2, c => c.Environment.Dialect.JsonField(c.String(0, "expression"), c.String(1, "path")));
        Add(globals, "quote_identifier", 1, 1, c => c.Environment.Dialect.QuoteIdentifier(c.String(0, "identifier")));
        Add(globals, "string_literal", 1, 1, c => c.Environment.Dialect.StringLiteral(c.String(0, "value")));
    }

    private static readonly string[] DateParts = ["microsecond", "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"];

    private static string DatePart(TemplateCall call, int index)
    {
        var part = call.String(index, "datepart").Trim('\'').ToLowerInvariant();
        if (!DateParts.Contains(part))
        {
            throw call.Fail($"{call.Function}(): unknown date part '{part}'; use one of {string.Join(", ", DateParts)}");
        }

        return part;
    }

    private static void Add(ScriptObject globals, string name, int min, int max, Func<TemplateCall, object?> body) =>
        EngineFunctionLibrary.Add(globals, new TemplateFunction(name, min, max, body));
}
