using Engine.Core.Diagnostics;
using Engine.Warehouse.Postgres.LocalCluster;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres.LocalCluster;

/// <summary>The search order and its one error message, driven by injected search paths instead of the machine's.</summary>
public sealed class PostgresBinariesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("engine-pgbin-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task NothingToSearchFailsWithInstallAdvice()
    {
        var search = new PostgresBinarySearch(_folder, PathVariable: string.Empty, UsePgConfig: false, VersionedRoots: [_folder]);

        var error = await Assert.ThrowsAsync<LocalPostgresException>(() => PostgresBinaries.LocateAsync(search));

        Assert.Equal(DiagnosticCodes.LocalServerBinariesMissing, error.Code);
        Assert.Equal("ENG1501", error.Code);
        Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ENGINE_PG_BIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionsOlderThanFifteenAreRejected()
    {
        // The stand-in binaries are shell scripts.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
        {
            var path = Path.Combine(_folder, program);
            await File.WriteAllTextAsync(path, $"#!/bin/sh\necho '{program} (PostgreSQL) 14.13'\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var search = new PostgresBinarySearch(_folder, PathVariable: string.Empty, UsePgConfig: false, VersionedRoots: []);

        var error = await Assert.ThrowsAsync<LocalPostgresException>(() => PostgresBinaries.LocateAsync(search));

        Assert.Equal("ENG1501", error.Code);
        Assert.Contains("too old: PostgreSQL 14.13", error.Message, StringComparison.Ordinal);
        Assert.Contains("(initdb, pg_ctl, postgres) 15 or newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymlinkOnPathResolvesToTheRealBinFolder()
    {
        var real = await PostgresBinaries.LocateAsync(PostgresBinarySearch.FromEnvironment());
        File.CreateSymbolicLink(Path.Combine(_folder, "initdb"), real.InitDb);
        var search = new PostgresBinarySearch(null, PathVariable: _folder, UsePgConfig: false, VersionedRoots: []);

        var found = await PostgresBinaries.LocateAsync(search);

        Assert.Equal(real.BinDirectory, found.BinDirectory);
        Assert.True(found.MajorVersion >= PostgresBinaries.MinimumMajorVersion);
        Assert.StartsWith("PostgreSQL ", found.VersionText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionedRootPrefersTheHighestVersion()
    {
        var real = await PostgresBinaries.LocateAsync(PostgresBinarySearch.FromEnvironment());
        Directory.CreateDirectory(Path.Combine(_folder, "9", "bin"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "99"), Path.GetDirectoryName(real.BinDirectory)!);
        var search = new PostgresBinarySearch(null, PathVariable: string.Empty, UsePgConfig: false, VersionedRoots: [_folder]);

        var found = await PostgresBinaries.LocateAsync(search);

        Assert.Equal(Path.Combine(_folder, "99", "bin"), found.BinDirectory);
    }
}
