using System.Globalization;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// The engine's settings for its cluster. They live in <c>engine.conf</c>, included at the end of
/// postgresql.conf, and are rewritten at every start (the port changes); a user's own changes belong in
/// postgresql.auto.conf (<c>ALTER SYSTEM</c>), which PostgreSQL reads after both and so wins.
/// </summary>
internal static class ServerConfiguration
{
    public const string EngineConfFileName = "engine.conf";

    private const string IncludeLine = "include_if_exists = '" + EngineConfFileName + "'";

    // Trust is safe only because nothing but loopback can connect: no sockets, no other interfaces.
    // "replication" lines let the CDC reader open a pgoutput stream.
    private const string HostBasedAuthentication =
        """
        # Written by the engine: trust, but only from this machine's loopback addresses.
        # TYPE  DATABASE     USER  ADDRESS        METHOD
        host    all          all   127.0.0.1/32   trust
        host    all          all   ::1/128        trust
        host    replication  all   127.0.0.1/32   trust
        host    replication  all   ::1/128        trust

        """;

    /// <summary>Writes engine.conf for <paramref name="port"/>, pg_hba.conf, and the include line once.</summary>
    public static void Write(string dataDirectory, int port)
    {
        File.WriteAllText(Path.Combine(dataDirectory, EngineConfFileName), EngineConf(port));
        File.WriteAllText(Path.Combine(dataDirectory, "pg_hba.conf"), HostBasedAuthentication);
        var postgresqlConf = Path.Combine(dataDirectory, "postgresql.conf");
        if (!File.ReadAllText(postgresqlConf).Contains(IncludeLine, StringComparison.Ordinal))
        {
            File.AppendAllText(postgresqlConf, $"{Environment.NewLine}# Added by the engine; keep it last.{Environment.NewLine}{IncludeLine}{Environment.NewLine}");
        }
    }

    private static string EngineConf(int port) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        # Written by the engine at every start; put your own settings in postgresql.auto.conf (ALTER SYSTEM).
        listen_addresses = '127.0.0.1'
        port = {port}
        # No Unix socket: its default folder (/var/run/postgresql) is often not writable by this server.
        unix_socket_directories = ''
        # Logical decoding for the CDC reader (pgoutput replication slots).
        wal_level = logical
        max_replication_slots = 20
        max_wal_senders = 20
        # A throwaway development cluster rebuilt from sources: speed matters more than surviving a power cut.
        fsync = off
        synchronous_commit = off

        """);
}
