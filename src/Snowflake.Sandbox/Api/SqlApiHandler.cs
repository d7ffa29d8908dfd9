using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Snowflake.Sandbox.Execution;

namespace Snowflake.Sandbox.Api;

/// <summary>
/// The SQL API v2 endpoints: submit (<c>POST /api/v2/statements</c>), status and partitions
/// (<c>GET /api/v2/statements/{handle}?partition=N</c>) and cancel (<c>POST /api/v2/statements/{handle}/cancel</c>).
/// </summary>
internal sealed class SqlApiHandler
{
    private const string Prefix = "/api/v2/statements";

    private readonly SnowflakeSandboxServer _server;
    private readonly ConcurrentDictionary<string, StatementRun> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StatementRun> _byRequestId = new(StringComparer.Ordinal);

    public SqlApiHandler(SnowflakeSandboxServer server) => _server = server;

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        _server.Count(method, path);
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, new JsonObject { ["code"] = "390404", ["message"] = "Not found." }).ConfigureAwait(false);
            return;
        }

        var (user, problem) = _server.Jwt.Verify(context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers["X-Snowflake-Authorization-Token-Type"].FirstOrDefault());
        if (user is null)
        {
            // Snowflake's body for a refused token; the reason stays in the stand-in (a real account does not say).
            _server.LastAuthProblem = problem;
            await WriteAsync(context, 401, new JsonObject { ["code"] = "390144", ["message"] = "JWT token is invalid." }).ConfigureAwait(false);
            return;
        }

        var rest = path[Prefix.Length..].Trim('/');
        if (method == "POST" && rest.Length == 0)
        {
            await SubmitAsync(context).ConfigureAwait(false);
        }
        else if (method == "POST" && rest.EndsWith("/cancel", StringComparison.Ordinal))
        {
            await CancelAsync(context, rest[..^"/cancel".Length]).ConfigureAwait(false);
        }
        else if (method == "GET" && rest.Length > 0 && !rest.Contains('/', StringComparison.Ordinal))
        {
            await StatusAsync(context, rest).ConfigureAwait(false);
        }
        else
        {
            await WriteAsync(context, 405, new JsonObject { ["code"] = "390405", ["message"] = "Method not allowed." }).ConfigureAwait(false);
        }
    }

    private async Task SubmitAsync(HttpContext context)
    {
        if (_server.Faults.TakeStatus() is { } status)
        {
            await WriteAsync(context, status, new JsonObject { ["code"] = status == 429 ? "390415" : "390503", ["message"] = status == 429 ? "Too many requests." : "Service unavailable." }).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var requestId = query["requestId"].FirstOrDefault();
        if (requestId is not null && _byRequestId.TryGetValue(requestId, out var earlier))
        {
            // A retried request (same requestId) is the statement already submitted, not a second run.
            await AnswerAsync(context, earlier, wait: true).ConfigureAwait(false);
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, new JsonObject { ["code"] = "390142", ["message"] = "Incoming request does not contain a valid payload." }).ConfigureAwait(false);
            return;
        }

        var statement = body?["statement"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(statement))
        {
            await WriteAsync(context, 400, new JsonObject { ["code"] = "390142", ["message"] = "Incoming request does not contain a valid payload." }).ConfigureAwait(false);
            return;
        }

        var statements = SqlLexer.Statements(statement);
        var expected = body!["parameters"]?["MULTI_STATEMENT_COUNT"]?.ToString() ?? "1";
        var run = new StatementRun(NewHandle(), requestId);
        _runs[run.Handle] = run;
        if (requestId is not null)
        {
            _byRequestId[requestId] = run;
        }

        if (expected != "0" && expected != statements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            run.Outcome = StatementOutcome.Failed(new SnowflakeError("000008", "0A000", $"Actual statement count {statements.Count} did not match the desired statement count {expected}."));
            await AnswerAsync(context, run, wait: false).ConfigureAwait(false);
            return;
        }

        var bindings = Bindings(body["bindings"]);
        var database = body["database"]?.GetValue<string>();
        var schema = body["schema"]?.GetValue<string>();
        var multi = statements.Count > 1 || expected != "1";
        run.Completion = Task.Run(async () =>
        {
            IReadOnlyList<StatementOutcome> outcomes;
            try
            {
                outcomes = await _server.Executor.ExecuteAsync(database, schema, statements, bindings, run.Cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                outcomes = [StatementOutcome.Failed(SnowflakeError.Cancelled)];
            }

            if (!multi)
            {
                run.Outcome = outcomes[0];
                return;
            }

            var children = new List<string>();
            foreach (var outcome in outcomes)
            {
                var child = new StatementRun(NewHandle(), null) { Outcome = outcome };
                _runs[child.Handle] = child;
                children.Add(child.Handle);
            }

            run.Children = children;
            run.Outcome = outcomes.FirstOrDefault(o => o.Error is not null) is { } failed
                ? failed
                : new StatementOutcome { Columns = [new ResultColumn("multiple statement execution", "text")], Rows = [["Multiple statements executed successfully."]] };
        });
        var async = string.Equals(query["async"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        await AnswerAsync(context, run, wait: !async).ConfigureAwait(false);
    }

    private async Task StatusAsync(HttpContext context, string handle)
    {
        if (!_runs.TryGetValue(handle, out var run))
        {
            await WriteAsync(context, 404, new JsonObject { ["code"] = "333333", ["message"] = $"Statement {handle} not found." }).ConfigureAwait(false);
            return;
        }

        var partitionText = context.Request.Query["partition"].FirstOrDefault();
        if (partitionText is not null && run.IsDone && int.TryParse(partitionText, out var partition) && partition > 0)
        {
            var rows = run.Outcome!.Rows.Skip(partition * _server.Options.PartitionRows).Take(_server.Options.PartitionRows);
            await WriteAsync(context, 200, new JsonObject { ["data"] = Data(rows) }).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, run, wait: false).ConfigureAwait(false);
    }

    private async Task CancelAsync(HttpContext context, string handle)
    {
        if (!_runs.TryGetValue(handle, out var run))
        {
            await WriteAsync(context, 404, new JsonObject { ["code"] = "333333", ["message"] = $"Statement {handle} not found." }).ConfigureAwait(false);
            return;
        }

        await run.Cancellation.CancelAsync().ConfigureAwait(false);
        await WriteAsync(context, 200, new JsonObject
        {
            ["code"] = "000604",
            ["sqlState"] = "57014",
            ["message"] = "successfully canceled",
            ["statementHandle"] = run.Handle,
            ["statementStatusUrl"] = StatusUrl(run.Handle),
        }).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, StatementRun run, bool wait)
    {
        if (wait && !run.IsDone)
        {
            await Task.WhenAny(run.Completion, Task.Delay(_server.Options.AsyncThreshold, context.RequestAborted)).ConfigureAwait(false);
        }

        if (!run.IsDone)
        {
            await WriteAsync(context, 202, new JsonObject
            {
                ["code"] = "333334",
                ["message"] = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
                ["statementHandle"] = run.Handle,
                ["statementStatusUrl"] = StatusUrl(run.Handle),
            }).ConfigureAwait(false);
            return;
        }

        var outcome = run.Outcome!;
        if (outcome.Error is { } error)
        {
            await WriteAsync(context, 422, new JsonObject
            {
                ["code"] = error.Code,
                ["message"] = error.Message,
                ["sqlState"] = error.SqlState,
                ["statementHandle"] = run.Handle,
                ["statementStatusUrl"] = StatusUrl(run.Handle),
            }).ConfigureAwait(false);
            return;
        }

        var size = _server.Options.PartitionRows;
        var partitions = new JsonArray();
        for (var start = 0; start < Math.Max(outcome.Rows.Count, 1); start += size)
        {
            var count = Math.Min(size, outcome.Rows.Count - start);
            partitions.Add((JsonNode)new JsonObject { ["rowCount"] = count, ["uncompressedSize"] = count * 64L });
        }

        var result = new JsonObject
        {
            ["resultSetMetaData"] = new JsonObject
            {
                ["numRows"] = outcome.Rows.Count,
                ["format"] = "jsonv2",
                ["partitionInfo"] = partitions,
                ["rowType"] = new JsonArray([.. outcome.Columns.Select(RowType)]),
            },
            ["data"] = Data(outcome.Rows.Take(size)),
            ["code"] = "090001",
            ["statementStatusUrl"] = StatusUrl(run.Handle),
            ["requestId"] = run.RequestId,
            ["sqlState"] = "00000",
            ["statementHandle"] = run.Handle,
            ["message"] = "Statement executed successfully.",
            ["createdOn"] = run.CreatedOn,
        };
        if (outcome.Stats is { } stats)
        {
            result["stats"] = new JsonObject([.. stats.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(s.Value)))]);
        }

        if (run.Children is { } children)
        {
            result["statementHandles"] = new JsonArray([.. children.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        await WriteAsync(context, 200, result).ConfigureAwait(false);
    }

    private static JsonObject RowType(ResultColumn column) => new()
    {
        ["name"] = column.Name,
        ["database"] = string.Empty,
        ["schema"] = string.Empty,
        ["table"] = string.Empty,
        ["type"] = column.Type,
        ["precision"] = column.Type == "fixed" ? column.Precision ?? 38 : null,
        ["scale"] = column.Type is "fixed" or "timestamp_ntz" or "timestamp_tz" ? column.Type == "fixed" ? column.Scale ?? 0 : 9 : null,
        ["length"] = column.Type == "text" ? 16777216 : null,
        ["byteLength"] = column.Type == "text" ? 16777216 : null,
        ["nullable"] = true,
        ["collation"] = null,
    };

    private static JsonArray Data(IEnumerable<string?[]> rows) =>
        new([.. rows.Select(r => (JsonNode?)new JsonArray([.. r.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v)))]))]);

    private static List<Binding> Bindings(JsonNode? node)
    {
        if (node is not JsonObject bindings)
        {
            return [];
        }

        return
        [
            .. bindings.OrderBy(b => int.TryParse(b.Key, out var n) ? n : int.MaxValue).Select(b =>
            {
                var type = b.Value?["type"]?.GetValue<string>() ?? "TEXT";
                var value = b.Value?["value"];
                return value is JsonArray array
                    ? new Binding(type, [.. array.Select(v => v?.ToString())], IsArray: true)
                    : new Binding(type, [value?.ToString()], IsArray: false);
            }),
        ];
    }

    private static string StatusUrl(string handle) => $"{Prefix}/{handle}";

    private static string NewHandle() => Guid.NewGuid().ToString();

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
