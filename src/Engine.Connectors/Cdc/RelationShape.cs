namespace Engine.Connectors.Cdc;

/// <summary>
/// How the tuples of one relation message map onto the warehouse columns: <paramref name="Map"/> gives, per tuple
/// position, the warehouse column index (-1: not replicated); <paramref name="Missing"/> lists warehouse columns the
/// relation no longer has (dropped at the source), whose stored values are kept.
/// </summary>
internal sealed record RelationShape(string Table, int[] Map, bool[] IsKey, int[] Missing);
