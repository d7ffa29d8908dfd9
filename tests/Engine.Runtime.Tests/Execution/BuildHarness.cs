using System.Globalization;
using Engine.Core.Project;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Npgsql;

namespace Engine.Runtime.Tests.Execution;

/// <summary>
/// A throwaway project whose target is a fresh database on the test cluster, built through the same
/// <see cref="ProjectBuild"/> the CLI uses.
/// </summary>
public sealed class BuildHarness : IAsyncDisposable
{
    private BuildHarness(string root, string connectionString)
    {
        Root = root;
        ConnectionString = connectionString;
    }

    public string Root { get; }

    public string ConnectionString { get; }

    public static async Task<BuildHarness> CreateAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string> files)
    {
        var connectionString = await postgres.CreateDatabaseAsync("build");
        var root = Path.Combine(Path.GetTempPath(), "engine-build-tests", Guid.NewGuid().ToString("N"));
        var harness = new BuildHarness(root, connectionString);
        harness.Write("pipeline.yml", $"""
            name: t
            target: dev
            {PostgresTarget.Yaml(connectionString, threads: 4)}
            """);
        foreach (var (path, content) in files)
        {
            harness.Write(path, content);
        }

        return harness;
    }

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }

    public async Task<BuildOutcome> BuildAsync(string[]? select = null, int threads = 4, bool fullRefresh = false, bool failFast = false, params ResourceType[] kinds)
    {
        var session = ProjectSession.Open(new SessionOptions(Root) { Select = select ?? [], FullRefresh = fullRefresh }, TestWarehouses.Registry);
        var options = new BuildOptions
        {
            Threads = threads,
            FullRefresh = fullRefresh,
            FailFast = failFast,
            ResourceTypes = kinds.Length == 0 ? new BuildOptions().ResourceTypes : [.. kinds],
        };
        return await ProjectBuild.RunAsync(session, options, new RecordingObserver(), "build", CancellationToken.None);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of a query, each rendered as "a|b|c", sorted: compares whole tables in one assertion.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private sealed class RecordingObserver : IBuildObserver
    {
        public void NodeStarted(BuildUnit unit, int index, int total)
        {
        }

        public void NodeFinished(NodeResult result, int index, int total)
        {
        }

        public void RunFinished(BuildOutcome outcome)
        {
        }
    }
}
