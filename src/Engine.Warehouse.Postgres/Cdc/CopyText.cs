using System.Globalization;
using System.Text;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>Writes values in COPY's text format: tab-separated, <c>\N</c> for null, backslash escapes.</summary>
internal static class CopyText
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("\\\t\n\r");

    public static void Append(StringBuilder line, string? value)
    {
        if (value is null)
        {
            line.Append("\\N");
            return;
        }

        if (value.AsSpan().IndexOfAny(Special) < 0)
        {
            line.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': line.Append("\\\\"); break;
                case '\t': line.Append("\\t"); break;
                case '\n': line.Append("\\n"); break;
                case '\r': line.Append("\\r"); break;
                default: line.Append(c); break;
            }
        }
    }

    public static string Timestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00'", CultureInfo.InvariantCulture);
}
