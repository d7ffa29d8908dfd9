using System.Collections.Immutable;

namespace Engine.Warehouse.Cdc;

/// <summary>
/// A source table as the warehouse receives it: <paramref name="Name"/> is the table's name in the target schema
/// (its change log is <c>Name_changes</c>); values of every <see cref="CdcChange"/> follow <paramref name="Columns"/>.
/// </summary>
public sealed record CdcTable(string Name, ImmutableArray<CdcColumn> Columns, ImmutableArray<string> PrimaryKey)
{
    /// <summary>The positions of <see cref="PrimaryKey"/>'s columns among <see cref="Columns"/>.</summary>
    public int[] KeyPositions() => PrimaryKey.Select(IndexOf).ToArray();

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }
}
