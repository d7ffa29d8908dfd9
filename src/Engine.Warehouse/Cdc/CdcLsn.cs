using System.Globalization;

namespace Engine.Warehouse.Cdc;

/// <summary>Log sequence numbers in PostgreSQL's text form (<c>16/B374D848</c>), as stored in <c>pg_lsn</c> columns.</summary>
public static class CdcLsn
{
    public static string Format(ulong lsn) =>
        string.Create(CultureInfo.InvariantCulture, $"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}");

    public static ulong Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new FormatException($"'{text}' is not an LSN");
        }

        var high = ulong.Parse(text.AsSpan(0, slash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var low = ulong.Parse(text.AsSpan(slash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (high << 32) | low;
    }
}
