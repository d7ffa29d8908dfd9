using Engine.Warehouse.Ansi;

namespace Engine.Runtime.Tests.FakeWarehouse;

/// <summary>ANSI SQL with the helpers a dialect must define written as plain function calls.</summary>
public sealed class FakeDialect : AnsiDialect
{
    public override string Name => "fake";

    public override int MaxIdentifierLength => 128;

    public override string DateTrunc(string datePart, string expression) => $"date_trunc('{datePart}', {expression})";

    public override string DateAdd(string datePart, string amount, string expression) => $"dateadd({datePart}, {amount}, {expression})";

    public override string DateDiff(string datePart, string startExpression, string endExpression) => $"datediff({datePart}, {startExpression}, {endExpression})";

    public override string DateSpine(string datePart, string startDate, string endDate) => $"date_spine({datePart}, {startDate}, {endDate})";

    public override string SafeCast(string expression, string type) => $"try_cast({expression} as {type})";

    public override string JsonField(string expression, string path) => $"json_extract({expression}, '{path}')";

    public override string LowestCdcPosition() => "0";
}
