namespace Engine.Warehouse.Cdc;

/// <summary>
/// A position in a source's change stream: opaque to the sink, which stores it and compares it, nothing more. For a
/// PostgreSQL source it is the LSN, written in its text form (<c>16/B374D848</c>); a sink whose warehouse has no such
/// type may store <see cref="Value"/> as a number, which orders the same way.
/// </summary>
public readonly record struct CdcPosition(ulong Value) : IComparable<CdcPosition>
{
    public static CdcPosition Parse(string text) => new(CdcLsn.Parse(text));

    public int CompareTo(CdcPosition other) => Value.CompareTo(other.Value);

    public static bool operator <(CdcPosition left, CdcPosition right) => left.Value < right.Value;

    public static bool operator >(CdcPosition left, CdcPosition right) => left.Value > right.Value;

    public static bool operator <=(CdcPosition left, CdcPosition right) => left.Value <= right.Value;

    public static bool operator >=(CdcPosition left, CdcPosition right) => left.Value >= right.Value;

    public override string ToString() => CdcLsn.Format(Value);
}
