using System.Net;
using System.Net.Sockets;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// A warehouse that cannot be used is reported with a code of its own and names what failed (target, host and port,
/// database, user), never as an internal error and never with a stack trace.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WarehouseFailureTests(PostgresFixture postgres)
{
    [Fact]
    public void An_unknown_host_is_named_with_its_own_code_and_exit_2()
    {
        var result = Build(host: "db.invalid", port: 5432, user: postgres.Instance.User, database: "warehouse");

        Assert.Equal(2, result.ExitCode);
        AssertReported(result, "ENG1411", "target 'dev'", "db.invalid:5432", "could not be resolved");
    }

    [Fact]
    public void A_port_nobody_listens_on_is_a_refused_connection_and_exit_1()
    {
        // The port stays bound (without listening) while the engine runs, so no other program can take it meanwhile.
        using var unused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        unused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var result = Build(host: "127.0.0.1", port: ((IPEndPoint)unused.LocalEndPoint!).Port, user: postgres.Instance.User, database: "warehouse");

        Assert.Equal(1, result.ExitCode);
        AssertReported(result, "ENG1412", "target 'dev'", "127.0.0.1:", "refused");
    }

    [Fact]
    public void A_login_the_server_refuses_is_an_authentication_failure_and_exit_2()
    {
        var result = Build(host: "127.0.0.1", port: postgres.Instance.Port, user: "no_such_role", database: PostgresFixture.TestDatabase);

        Assert.Equal(2, result.ExitCode);
        AssertReported(result, "ENG1413", "refused the login", "user no_such_role", "28000");
    }

    [Fact]
    public void A_database_that_does_not_exist_is_named_and_exit_2()
    {
        var result = Build(host: "127.0.0.1", port: postgres.Instance.Port, user: postgres.Instance.User, database: "no_such_database");

        Assert.Equal(2, result.ExitCode);
        AssertReported(result, "ENG1414", "database no_such_database", "3D000");
    }

    [Fact]
    public async Task A_read_only_database_fails_the_node_with_its_own_code_and_the_relation()
    {
        var database = await postgres.CreateDatabaseAsync("readonly");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using (var connection = new NpgsqlConnection(postgres.Instance.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET default_transaction_read_only = on", connection);
            await command.ExecuteNonQueryAsync();
        }

        var result = Build(host: "127.0.0.1", port: postgres.Instance.Port, user: postgres.Instance.User, database: name);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ENG1417 the database is read-only", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ENG9999", result.ToString(), StringComparison.Ordinal);
    }

    private static EngineResult Build(string host, int port, string user, string database)
    {
        using var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: failures
            targets:
              dev:
                type: postgres
                host: {host}
                port: {port}
                user: {user}
                database: {database}
                schema: analytics
            """);
        project.Write("models/one.sql", "{{ config { materialized: 'table' } }}\nselect 1 as id");
        return EngineProcess.Run(project.Root, "build", "--project-dir", project.ProjectDir);
    }

    private static void AssertReported(EngineResult result, params string[] parts)
    {
        var output = result.Stdout + result.Stderr;
        foreach (var part in parts)
        {
            Assert.Contains(part, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("ENG9999", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
