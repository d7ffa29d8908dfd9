using System.Buffers;
using System.Text.Unicode;
using Engine.Core.Diagnostics;

namespace Engine.Core.Loading;

/// <summary>
/// Reads a project file as strict UTF-8 (a byte order mark is accepted). Undecodable bytes used to become U+FFFD
/// silently and reach the warehouse inside SQL; now they are an error at the line and column of the first bad byte.
/// </summary>
public static class ProjectText
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>The file's text, or null when it is not UTF-8 (reported).</summary>
    public static string? Read(string fullPath, DiagnosticBag bag) => Decode(fullPath, File.ReadAllBytes(fullPath), bag);

    public static string? Decode(string filePath, ReadOnlySpan<byte> bytes, DiagnosticBag bag)
    {
        var skipped = bytes.StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var body = bytes[skipped..];
        var chars = new char[body.Length];
        var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, written);
        }

        // Everything before the bad byte decoded, so its line and column count characters as an editor does.
        var before = chars.AsSpan(0, written);
        var line = before.Count('\n') + 1;
        var column = written - (before.LastIndexOf('\n') + 1) + 1;
        var offset = skipped + read;
        var what = offset < bytes.Length ? $"byte 0x{bytes[offset]:X2} at byte offset {offset}" : $"the bytes ending at byte offset {offset}";
        bag.Error(DiagnosticCodes.NotUtf8,
            $"the file is not valid UTF-8: {what} does not start a UTF-8 character; save it as UTF-8",
            new SourceLocation(filePath, line, column));
        return null;
    }
}
