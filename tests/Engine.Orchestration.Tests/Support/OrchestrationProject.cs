using Engine.Orchestration.Daemon;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
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

    /// <summary>The sources.yml most tests start from: source <c>app</c> with its table <c>events</c> in schema <c>app</c>.</summary>
    public const string AppEventsSources = """
        version: 2
        sources:
          - name: app
            schema: app
            tables:
              - name: events
        """;

    /// <summary>sources.yml of source <c>app</c>: table <c>events</c> of <paramref name="stagingDatabase"/>, synced by CDC through <paramref name="slot"/>.</summary>
    public static string AppEventsCdcSources(string stagingDatabase, string slot) => $"""
        version: 2
        sources:
          - name: app
            schema: app
            staging:
              database: {stagingDatabase}
            cdc:
              publication: pub_{slot}
              slot: {slot}
            tables:
              - name: events
                primary_key: id
        """;

    public string Root { get; }

    public string ConnectionString { get; }

    /// <summary>The staging database of the project's extract, when a test gave it one.</summary>
    public string? StagingConnectionString { get; set; }

    public static async Task<OrchestrationProject> CreateAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string> files, string pipelineExtra = "")
    {
        var connectionString = await postgres.CreateDatabaseAsync("orch");
        var project = new OrchestrationProject(Path.Combine(Path.GetTempPath(), "engine-orchestration-tests", Guid.NewGuid().ToString("N")), connectionString);
        project.Write("pipeline.yml", $"""
            name: t
            target: dev
            {PostgresTarget.Yaml(connectionString, threads: 2)}
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

    /// <summary>The first column of the first row the query returns.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>One daemon tick at <paramref name="clock"/>'s time, as <c>engine daemon</c> runs it.</summary>
    public Task<DaemonTickReport> TickAsync(TimeProvider clock, IPipelineObserver? observer = null) =>
        DaemonTick.RunOnceAsync(Open(), new PipelineOptions { Command = "daemon" }, observer ?? new RecordingPipelineObserver(), clock, default);

    /// <summary>A manual <c>engine run</c> recorded in the run history at <paramref name="clock"/>'s time.</summary>
    public Task<PipelineOutcome> RecordedRunAsync(TimeProvider clock, PipelineOptions? options = null, ProjectSession? session = null, IPipelineObserver? observer = null) =>
        RunRecorder.RunAsync(session ?? Open(), options ?? new PipelineOptions(), new RunStart(RunTrigger.Manual, "run"), observer ?? new RecordingPipelineObserver(), clock, default);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
