using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Npgsql;

/// <summary>A throwaway project on a fresh database of the bench's cluster: daily partitions from 2024-01-01, a staging database, one model.</summary>
internal sealed class BenchProject : IDisposable
{
    private BenchProject(string root, string connectionString)
    {
        Root = root;
        ConnectionString = connectionString;
    }

    public string Root { get; }

    public string ConnectionString { get; }

    public static async Task<BenchProject> CreateAsync(PostgresFixture postgres, string steps, string extra = "")
    {
        var warehouse = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("bench"));
        var staging = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("bench_staging")).Database;
        var project = new BenchProject(Path.Combine(Path.GetTempPath(), "engine-bench-orchestration", Guid.NewGuid().ToString("N")), warehouse.ConnectionString);
        project.Write("pipeline.yml", $"""
            name: bench
            targets:
              dev:
                type: postgres
                host: {warehouse.Host}
                port: {warehouse.Port}
                user: {warehouse.Username}
                database: {warehouse.Database}
                schema: analytics
                threads: 2
            steps: {steps}
            partitions:
              daily:
                start: 2024-01-01
            {extra}
            """);
        project.Write("sources.yml", $"""
            version: 2
            sources:
              - name: strava
                schema: strava
                staging:
                  database: {staging}
                extract:
                  connector: strava
                tables:
                  - name: activities
            """);
        project.Write("models/window_log.sql", """
            {{ config { materialized: 'incremental', incremental_strategy: 'append' } }}
            select '{{ partition.start }}'::timestamptz as window_start, '{{ partition.end }}'::timestamptz as window_end
            """);
        return project;
    }

    public ProjectSession Open() => ProjectSession.Open(new SessionOptions(Root), TestWarehouses.Registry);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
