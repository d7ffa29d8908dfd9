using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Npgsql;

namespace Engine.Orchestration.Tests.Support;

/// <summary>A throwaway project whose postgres target is a fresh database on the test cluster.</summary>
public sealed class OrchestrationProject : IDisposable
{
    private OrchestrationProject(string root, string connectionString)
    {
        Root = root;
        ConnectionString = connectionString;
    }

    public string Root { get; }

    public string ConnectionString { get; }

    /// <summary>The staging database of the project's extract, when a test gave it one.</summary>
    public string? StagingConnectionString { get; set; }

    public static async Task<OrchestrationProject> CreateAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string> files, string pipelineExtra = "")
    {
        var connectionString = await postgres.CreateDatabaseAsync("orch");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var project = new OrchestrationProject(Path.Combine(Path.GetTempPath(), "engine-orchestration-tests", Guid.NewGuid().ToString("N")), connectionString);
        project.Write("pipeline.yml", $"""
            name: t
            target: dev
            targets:
              dev:
                type: postgres
                host: {builder.Host}
                port: {builder.Port}
                user: {builder.Username}
                database: {builder.Database}
                schema: analytics
                threads: 2
            {pipelineExtra}
            """);
        foreach (var (path, content) in files)
        {
            project.Write(path, content);
        }

        return project;
    }

    public ProjectSession Open() => ProjectSession.Open(new SessionOptions(Root), TestWarehouses.Registry);

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
