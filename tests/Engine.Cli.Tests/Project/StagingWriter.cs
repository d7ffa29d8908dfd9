using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Connectors.Strava.Staging;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// Writes the dataset into the staging database the way the extractor leaves it: its tables (from the connector's own
/// DDL), every typed column read from the Strava JSON by the connector's column definitions, <c>raw</c> and
/// <c>_extracted_at</c>. Each call is one transaction, so CDC sees one commit per change.
/// </summary>
public sealed class StagingWriter(string connectionString)
{
    public async Task CreateTablesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(StagingSql.CreateTables(), connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task InsertAsync(IEnumerable<DatasetAthlete> athletes, IEnumerable<DatasetActivity> activities)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var athlete in athletes)
        {
            await InsertAsync(connection, StagingTable.Athletes, athlete.ToJson());
        }

        foreach (var activity in activities)
        {
            await InsertAsync(connection, StagingTable.Activities, activity.ToJson());
        }

        await transaction.CommitAsync();
    }

    public async Task InsertAsync(DatasetActivity activity)
    {
        await using var connection = await OpenAsync();
        await InsertAsync(connection, StagingTable.Activities, activity.ToJson());
    }

    public async Task UpdateAsync(DatasetAthlete athlete)
    {
        await using var connection = await OpenAsync();
        await UpdateAsync(connection, StagingTable.Athletes, athlete.ToJson());
    }

    public async Task UpdateAsync(DatasetActivity activity)
    {
        await using var connection = await OpenAsync();
        await UpdateAsync(connection, StagingTable.Activities, activity.ToJson());
    }

    public Task DeleteActivityAsync(long id) => DeleteAsync(StagingTable.Activities, id);

    public Task DeleteAthleteAsync(long id) => DeleteAsync(StagingTable.Athletes, id);

    private async Task DeleteAsync(StagingTable table, long id)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"DELETE FROM public.{table.Name} WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task InsertAsync(NpgsqlConnection connection, StagingTable table, JsonObject json)
    {
        var names = StagingSql.ColumnList(table);
        var placeholders = string.Join(", ", Enumerable.Range(1, table.Columns.Length + 2).Select(i => $"${i}"));
        await using var command = new NpgsqlCommand($"INSERT INTO public.{table.Name} ({names}) VALUES ({placeholders})", connection);
        AddValues(command, table, json);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task UpdateAsync(NpgsqlConnection connection, StagingTable table, JsonObject json)
    {
        var columns = StagingSql.AllColumns(table).ToList();
        var sets = string.Join(", ", columns.Select((c, i) => (c, i)).Skip(1).Select(x => $"{x.c} = ${x.i + 1}"));
        await using var command = new NpgsqlCommand($"UPDATE public.{table.Name} SET {sets} WHERE id = $1", connection);
        AddValues(command, table, json);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static void AddValues(NpgsqlCommand command, StagingTable table, JsonObject json)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        foreach (var column in table.Columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column.Read(document.RootElement) ?? DBNull.Value, NpgsqlDbType = column.DbType });
        }

        command.Parameters.Add(new NpgsqlParameter { Value = json.ToJsonString(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
