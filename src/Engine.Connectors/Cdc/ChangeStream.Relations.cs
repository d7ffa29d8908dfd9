using System.Collections.Immutable;
using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>Relation messages: the shape of a table's tuples, and the columns added to it at the source.</summary>
internal sealed partial class ChangeStream
{
    private async Task OnRelationAsync(RelationEvent relation, CancellationToken cancellationToken)
    {
        var name = $"{relation.Namespace}.{relation.Name}";
        if (!_buffers.TryGetValue(name, out var buffer))
        {
            _relations.Remove(relation.RelationId);
            return;
        }

        var table = buffer.Table.Warehouse;
        var added = ImmutableArray.CreateBuilder<CdcColumn>();
        foreach (var column in relation.Columns)
        {
            if (!CdcMetadata.Reserved.Contains(column.Name) && table.IndexOf(column.Name) < 0)
            {
                var type = await SourceCatalog.TypeAsync(_source, column.TypeOid, column.TypeModifier, cancellationToken).ConfigureAwait(false);
                added.Add(new CdcColumn(column.Name, type));
            }
        }

        if (added.Count > 0)
        {
            // Changes buffered so far have the old shape: apply them before the table widens.
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            table = table with { Columns = table.Columns.AddRange(added) };
            await _sink.PrepareTableAsync(table, recreate: false, cancellationToken).ConfigureAwait(false);
            buffer.Reshape(buffer.Table with { Warehouse = table });
            buffer.Prepared = true;
            _progress?.Report($"added column{(added.Count == 1 ? string.Empty : "s")} {string.Join(", ", added.Select(c => $"{c.Name} ({c.SourceType})"))} to {_settings.WarehouseSchema}.{table.Name}");
        }

        var map = relation.Columns.Select(c => CdcMetadata.Reserved.Contains(c.Name) ? -1 : table.IndexOf(c.Name)).ToArray();
        if (_binary)
        {
            await CheckBinaryAsync(relation, table, map, cancellationToken).ConfigureAwait(false);
        }

        var isKey = table.Columns.Select(c => table.PrimaryKey.Contains(c.Name)).ToArray();
        var missing = Enumerable.Range(0, table.Columns.Length).Where(i => !map.Contains(i)).ToArray();
        _relations[relation.RelationId] = new RelationShape(name, map, isKey, missing);
    }

    /// <summary>
    /// A binary value is written as it came, so it must be of the type the warehouse expects: the sink's staging columns
    /// have the types the catalog gave when the sync started. A relation message that says otherwise (a column's type
    /// changed at the source since these changes were written, or a column of a type outside pg_catalog was added)
    /// ends the binary stream; the sync streams again as text from its last commit.
    /// </summary>
    private async Task CheckBinaryAsync(RelationEvent relation, CdcTable table, int[] map, CancellationToken cancellationToken)
    {
        var types = await SourceCatalog.TypeNamesAsync(
            _source, relation.Columns.Select(c => c.TypeOid).ToArray(), relation.Columns.Select(c => c.TypeModifier).ToArray(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < map.Length; i++)
        {
            if (map[i] >= 0 && (!SourceCatalog.IsBuiltIn(relation.Columns[i].TypeOid) || types[i] != table.Columns[map[i]].SourceType))
            {
                throw new TextStreamRequiredException(
                    $"column {relation.Columns[i].Name} of {relation.Namespace}.{relation.Name} arrives as {types[i]}, not {table.Columns[map[i]].SourceType}");
            }
        }
    }
}
