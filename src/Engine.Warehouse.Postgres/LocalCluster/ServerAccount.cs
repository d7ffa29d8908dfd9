namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// The OS account the server runs under. initdb, pg_ctl and postgres refuse to run as root (a server
/// bug must not own the machine), so when the engine itself is root it runs them as the
/// <c>postgres</c> user through <c>runuser</c> and hands the data folder to that user.
/// </summary>
internal sealed class ServerAccount
{
    public const string PostgresUser = "postgres";

    private static readonly string[] RunuserLocations = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"];
    private static readonly TimeSpan QuickCommand = TimeSpan.FromSeconds(30);

    private string? _runuser;

    /// <summary>True when commands must be run as <see cref="PostgresUser"/>: the engine is root on a Unix system.</summary>
    public bool SwitchesUser { get; } = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>Checks that the postgres user and runuser exist, once; fails with a message that says what to do.</summary>
    public async Task EnsureUsableAsync(CancellationToken cancellationToken)
    {
        if (!SwitchesUser || _runuser is not null)
        {
            return;
        }

        var runuser = ExecutableFinder.FindOnPath("runuser", Environment.GetEnvironmentVariable("PATH"))
            ?? RunuserLocations.FirstOrDefault(File.Exists)
            ?? throw LocalPostgresException.StartFailed(
                "the engine runs as root, so it must start PostgreSQL as the `postgres` OS user, but `runuser` "
                + "(util-linux) was not found; install util-linux or run the engine as a regular user");
        var id = await ProcessRunner.RunAsync("id", ["-u", PostgresUser], QuickCommand, cancellationToken).ConfigureAwait(false);
        if (!id.Succeeded)
        {
            throw LocalPostgresException.StartFailed(
                "the engine runs as root and PostgreSQL refuses to run as root, so the server must run as the "
                + "`postgres` OS user, which does not exist; create it with `sudo apt-get install -y postgresql` "
                + "(its package adds the user) or `useradd --system --create-home postgres`, or run the engine as a regular user");
        }

        _runuser = runuser;
    }

    /// <summary>Runs a PostgreSQL program as the server's account.</summary>
    public Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!SwitchesUser)
        {
            return ProcessRunner.RunAsync(program, arguments, timeout, cancellationToken);
        }

        var runuser = _runuser ?? throw new InvalidOperationException("call EnsureUsableAsync first");
        return ProcessRunner.RunAsync(runuser, ["-u", PostgresUser, "--", program, .. arguments], timeout, cancellationToken);
    }

    /// <summary>Gives <paramref name="path"/> (and with <paramref name="recursive"/> its contents) to the server's account and its login group.</summary>
    public async Task TakeOwnershipAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        if (!SwitchesUser)
        {
            return;
        }

        string[] arguments = recursive ? ["-R", $"{PostgresUser}:", path] : [$"{PostgresUser}:", path];
        var result = await ProcessRunner.RunAsync("chown", arguments, QuickCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw LocalPostgresException.StartFailed($"could not give {path} to the `{PostgresUser}` OS user: {result.Output}");
        }
    }

    /// <summary>Whether the server's account can enter and write <paramref name="directory"/>; every parent must be searchable.</summary>
    public async Task<bool> CanUseDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        if (!SwitchesUser)
        {
            return true;
        }

        var test = await RunAsync("test", ["-x", directory, "-a", "-w", directory], QuickCommand, cancellationToken).ConfigureAwait(false);
        return test.Succeeded;
    }
}
