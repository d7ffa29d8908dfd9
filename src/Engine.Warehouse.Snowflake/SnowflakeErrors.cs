using System.Text.RegularExpressions;
using Engine.Warehouse.Snowflake.Api;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// Snowflake's answers mapped onto the engine's error kinds, keeping Snowflake's own code, SQLSTATE and message, and the
/// character the message points at ("error line 3 at position 7") so the runner can name the compiled file's line.
/// </summary>
public static partial class SnowflakeErrors
{
    public static Exception Translate(Exception error, string sql, string context)
    {
        switch (error)
        {
            case SnowflakeApiException { Status: 401 } or SnowflakeApiException { Code: "390144" or "390318" or "394304" or "390100" }:
                return new WarehouseConnectionException(WarehouseErrorKind.AuthenticationFailed,
                    $"{context}: Snowflake refused the key-pair JWT ({Code(error)}); check that the public key of the private key in use is registered for the user (ALTER USER ... SET RSA_PUBLIC_KEY)", error);
            case SnowflakeApiException { Code: "390201" or "390189" or "002043" } api:
                return new WarehouseConnectionException(WarehouseErrorKind.DatabaseMissing, $"{context}: {api.Message} ({Code(error)})", error);
            case SnowflakeApiException { Status: 429 or 503 or 504 } api:
                return new WarehouseConnectionException(WarehouseErrorKind.ConnectionLost, $"{context}: the Snowflake SQL API kept answering {api.Status} after several retries", error);
            case SnowflakeApiException api:
                var kind = api switch
                {
                    { Status: 408 } or { Code: "000630" } => WarehouseErrorKind.StatementTimeout,
                    { Code: "000604" } => WarehouseErrorKind.Cancelled,
                    { Code: "003001" or "003003" } or { SqlState: "42501" } => WarehouseErrorKind.PermissionDenied,
                    { Code: "000625" } or { SqlState: "40001" } => WarehouseErrorKind.Transient,
                    { SqlState: "40P01" } => WarehouseErrorKind.Deadlock,
                    _ => WarehouseErrorKind.Statement,
                };
                return new WarehouseStatementException($"{api.Message.TrimEnd()} (Snowflake {Code(error)})", sql, Position(api.Message, sql), api.Code, api, kind);
            case HttpRequestException http:
                return new WarehouseConnectionException(WarehouseErrorKind.ConnectionRefused, $"{context}: the Snowflake SQL API could not be reached ({http.Message})", http);
            default:
                return error;
        }
    }

    private static string Code(Exception error) => error is SnowflakeApiException api
        ? string.Join(", ", new[] { api.Code is null ? null : $"code {api.Code}", api.SqlState is null ? null : $"SQLSTATE {api.SqlState}", $"HTTP {api.Status}" }.Where(p => p is not null))
        : error.GetType().Name;

    /// <summary>The 1-based character of <paramref name="sql"/> that "error line L at position P" names (P counts from 0).</summary>
    private static int? Position(string message, string sql)
    {
        var match = LinePosition().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var line = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var column = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var offset = 0;
        for (var l = 1; l < line; l++)
        {
            var next = sql.IndexOf('\n', offset);
            if (next < 0)
            {
                return null;
            }

            offset = next + 1;
        }

        return offset + column + 1;
    }

    [GeneratedRegex(@"line (\d+) at position (\d+)")]
    private static partial Regex LinePosition();
}
