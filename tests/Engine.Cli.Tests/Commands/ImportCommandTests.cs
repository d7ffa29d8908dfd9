using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary><c>engine import dbt</c> from the command line: its own help, the warnings as file(line,col), the exit codes.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-cli-import-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Import_dbt_has_its_own_help()
    {
        var result = EngineProcess.Run(RepositoryPaths.Root, "import", "dbt", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DBT_PROJECT_DIR", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("NEW_PROJECT_DIR", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--profiles-dir", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_with_constructs_it_cannot_convert_is_imported_with_each_listed_at_its_place()
    {
        var dbt = Path.Combine(_root, "dbt");
        Directory.CreateDirectory(Path.Combine(dbt, "models"));
        File.WriteAllText(Path.Combine(dbt, "dbt_project.yml"), "name: p\nprofile: p\n");
        File.WriteAllText(Path.Combine(dbt, "models", "a.sql"), "select 1 as id\n{% set cols = adapter.get_columns_in_relation(this) %}\n");

        var result = EngineProcess.Run(_root, "import", "dbt", "dbt", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Path.Combine("dbt", "models", "a.sql") + "(2,1): warning ENG1901: not converted, kept as written: 'adapter.get_columns_in_relation'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Imported into out: 1 models, 1 pipeline files; 1 construct(s) not converted or dropped", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_root, "out", "models", "a.sql")));
        Assert.False(result.HasStackTrace);
    }

    [Fact]
    public void Bad_input_exits_2_and_writes_nothing()
    {
        Directory.CreateDirectory(Path.Combine(_root, "not_dbt"));

        var result = EngineProcess.Run(_root, "import", "dbt", "not_dbt", "out");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENG1903", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
        Assert.False(result.HasStackTrace);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
