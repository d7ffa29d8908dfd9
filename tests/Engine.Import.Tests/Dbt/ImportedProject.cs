using System.Globalization;
using Engine.Import.Dbt;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Npgsql;

namespace Engine.Import.Tests.Dbt;

/// <summary>
/// A dbt project from Fixtures/ imported into a temporary directory, its pipeline.yml given a target on a fresh database
/// of the test cluster (as a user would add theirs), built through the same <see cref="ProjectBuild"/> as the CLI.
/// </summary>
public sealed class ImportedProject : IAsyncDisposable
{
    private ImportedProject(string root, string connectionString, ImportOutcome outcome)
    {
        Root = root;
        ConnectionString = connectionString;
        Outcome = outcome;
    }

    public string Root { get; }

    public string ConnectionString { get; }

    public ImportOutcome Outcome { get; }

    public static string Fixture(string name) => Path.Combine(RepositoryPaths.Root, "tests", "Engine.Import.Tests", "Fixtures", name);

    public static async Task<ImportedProject> CreateAsync(PostgresFixture postgres, string fixture)
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-import-tests", Guid.NewGuid().ToString("N"));
        var outcome = DbtImporter.Import(Fixture(fixture), root, new DbtImportOptions());
        var connectionString = await postgres.CreateDatabaseAsync("import");
        File.AppendAllText(Path.Combine(root, "pipeline.yml"), $"""
            target: test
            {PostgresTarget.Yaml(connectionString, "test", "public", 4)}

            """);
        return new ImportedProject(root, connectionString, outcome);
    }

    public async Task<BuildOutcome> BuildAsync()
    {
        var session = ProjectSession.Open(new SessionOptions(Root), TestWarehouses.Registry);
        return await ProjectBuild.RunAsync(session, new BuildOptions(), new SilentBuildObserver(), "build", CancellationToken.None);
    }

    /// <summary>Every row of a query, each rendered as "a|b|c" (null as "null"), sorted.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
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
}
