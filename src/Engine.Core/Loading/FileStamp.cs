using System.Runtime.InteropServices;

namespace Engine.Core.Loading;

/// <summary>
/// What <c>stat</c> says about a file, the make/ninja test of "unchanged": size, modification and status-change times
/// (nanoseconds since 1970) and inode. The status-change time cannot be set by a program, so a file rewritten and then
/// given its old modification time back (<c>touch -d</c>, <c>cp -p</c>, <c>rsync -t</c>) still looks changed; the inode
/// catches a file replaced by another. Where <c>statx</c> is not available only size and modification time are known.
/// </summary>
public readonly record struct FileStamp(long Size, long ModifiedNs, long ChangedNs, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private static bool _noStatx = !OperatingSystem.IsLinux();

    /// <summary>The file's stamp, or null when it cannot be read.</summary>
    public static FileStamp? Of(string fullPath)
    {
        if (!_noStatx)
        {
            try
            {
                if (Statx(AtFdCwd, fullPath, 0, StatxBasicStats, out var buffer) == 0)
                {
                    return new FileStamp((long)buffer.Size, Nanoseconds(buffer.MtimeSec, buffer.MtimeNsec), Nanoseconds(buffer.CtimeSec, buffer.CtimeNsec), buffer.Inode);
                }

                return null;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _noStatx = true; // a C library older than glibc 2.28
            }
        }

        var info = new FileInfo(fullPath);
        return info.Exists ? new FileStamp(info.Length, (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100, 0, 0) : null;
    }

    private static long Nanoseconds(long seconds, uint nanoseconds) => (seconds * 1_000_000_000) + nanoseconds;

#pragma warning disable SYSLIB1054 // a blittable out struct needs no marshalling code, and LibraryImport would need unsafe blocks
    [DllImport("libc", EntryPoint = "statx", SetLastError = false)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);
#pragma warning restore SYSLIB1054

    /// <summary>Linux's <c>struct statx</c> (256 bytes, the same layout on every architecture); only the fields used here.</summary>
#pragma warning disable CS0649 // filled in by statx
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(96)] public long CtimeSec;
        [FieldOffset(104)] public uint CtimeNsec;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
    }
#pragma warning restore CS0649
}
