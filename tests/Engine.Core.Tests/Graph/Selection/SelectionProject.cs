using Engine.Core.Compilation;
using Engine.Core.Graph.Selection;
using Engine.Core.Tests.Support;

namespace Engine.Core.Tests.Graph.Selection;

/// <summary>
/// A project shaped for selection tests, parsed once per test class:
/// <code>
/// stg_orders -> int_orders -> fct_orders -> rpt_orders
///                          \-> fct_returns     /
/// stg_customers ------------------------------/
/// </code>
/// Folders tag the layers (staging, dwh, marts); int_orders and rpt_orders carry generic tests.
/// </summary>
public sealed class SelectionProject : IDisposable
{
    private readonly TempProject _project = new(new Dictionary<string, string>
    {
        ["pipeline.yml"] = """
            name: t
            models:
              staging:
                +tags: staging
              dwh:
                +tags: [dwh]
              marts:
                +tags: [marts]
                +materialized: table
            """,
        ["models/staging/stg_orders.sql"] = "select 1 as order_id",
        ["models/staging/stg_customers.sql"] = "select 1 as customer_id",
        ["models/dwh/int_orders.sql"] = "select * from {{ ref('stg_orders') }}",
        ["models/dwh/fct_orders.sql"] = "select * from {{ ref('int_orders') }}",
        ["models/dwh/fct_returns.sql"] = "{{ config { tags: ['returns'] } }}select * from {{ ref('int_orders') }}",
        ["models/marts/rpt_orders.sql"] = "select * from {{ ref('fct_orders') }} join {{ ref('stg_customers') }} using (customer_id)",
        ["models/schema.yml"] = """
            models:
              - name: int_orders
                columns:
                  - name: order_id
                    tests: [unique]
              - name: rpt_orders
                columns:
                  - name: order_id
                    tests: [not_null]
            """,
    });

    public SelectionProject()
    {
        var (parsed, diagnostics) = ProjectPipeline.Parse(_project);
        ProjectPipeline.AssertNone(diagnostics);
        Parsed = parsed!;
    }

    public ParsedProject Parsed { get; }

    public const string UniqueIntOrders = "unique_int_orders_order_id";

    public const string NotNullRptOrders = "not_null_rpt_orders_order_id";

    /// <summary>The names of the nodes selected by <paramref name="select"/> minus <paramref name="exclude"/>, sorted.</summary>
    public IReadOnlyList<string> Select(string[] select, string[]? exclude = null)
    {
        var ids = new NodeSelector(Parsed.Graph).Select(
            SelectorParser.Parse(select, "--select"),
            SelectorParser.Parse(exclude ?? [], "--exclude"));
        return [.. ids.Select(id => Parsed.Graph[id].Name).Order(StringComparer.Ordinal)];
    }

    public void Dispose() => _project.Dispose();
}
