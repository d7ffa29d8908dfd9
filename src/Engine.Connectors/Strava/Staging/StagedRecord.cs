using System.Text.Json;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// One Strava object ready for staging: its id, its typed column values (in <see cref="StagingTable.Columns"/> order)
/// and the JSON exactly as received, which goes to <c>raw</c>.
/// </summary>
public sealed record StagedRecord(long Id, DateTime? StartDate, object?[] Values, string Raw)
{
    /// <summary>Reads <paramref name="obj"/> against <paramref name="table"/>; an object without an integer id is not Strava's.</summary>
    public static StagedRecord From(StagingTable table, JsonElement obj)
    {
        var values = new object?[table.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = table.Columns[i].Read(obj);
        }

        if (values[0] is not long id)
        {
            throw new JsonException($"a {table.Name} object without an integer 'id'");
        }

        return new StagedRecord(id, JsonRead.Instant(obj, "start_date") as DateTime?, values, obj.GetRawText());
    }
}
