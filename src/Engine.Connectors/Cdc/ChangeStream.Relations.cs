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
            _progress?.Report($"added column{(added.Count == 1 ? string.Empty : "s")} {string.Join(", ", added.Select(c => $"{c.Name} ({c.SourceType})"))} to {_settings.WarehouseSchema}.{table.Name}");
        }

        var map = relation.Columns.Select(c => CdcMetadata.Reserved.Contains(c.Name) ? -1 : table.IndexOf(c.Name)).ToArray();
        var isKey = table.Columns.Select(c => table.PrimaryKey.Contains(c.Name)).ToArray();
        var missing = Enumerable.Range(0, table.Columns.Length).Where(i => !map.Contains(i)).ToArray();
        _relations[relation.RelationId] = new RelationShape(name, map, isKey, missing);
    }
}
