namespace Engine.Warehouse;

public enum RelationKind
{
    Table,
    View,
    MaterializedView,
}
