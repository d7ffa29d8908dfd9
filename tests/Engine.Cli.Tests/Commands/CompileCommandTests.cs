using System.Text.Json;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class CompileCommandTests
{
    [Fact]
    public void CompilesTheProjectIntoTargetCompiled()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "compile");

        Assert.True(result.ExitCode == 0, result.ToString());
        var activities = File.ReadAllText(Path.Combine(project.ProjectDir, "target/compiled/models/raw/activities.sql"));
        Assert.Contains("from \"strava\".\"activities\"", activities, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", activities, StringComparison.Ordinal);
        Assert.Contains("Compiled", result.Stdout, StringComparison.Ordinal);

        // compile writes the manifest too, as dbt's does, with the compiled code of each node.
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.ProjectDir, "target/manifest.json")));
        var node = manifest.RootElement.GetProperty("nodes").GetProperty("model.strava.activities");
        Assert.Equal(activities, node.GetProperty("compiled_code").GetString());
    }

    [Fact]
    public void RunFromInsideTheProjectDirectoryTheProjectIsFoundWithoutAnOption()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.ProjectDir, "compile");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(project.ProjectDir, "target/compiled/models/raw/athletes.sql")));
    }

    [Fact]
    public void EnvVarReadsTheDotEnvFileBesideTheProject()
    {
        using var project = new ProjectCopy();
        File.WriteAllText(Path.Combine(project.Root, ".env"), "ENGINE_TEST_SCHEMA_SUFFIX=from_dotenv\n");
        project.Write("models/raw/suffixed.sql", "select '{{ env_var('ENGINE_TEST_SCHEMA_SUFFIX') }}' as suffix\n");

        var result = EngineProcess.Run(project.Root, "compile", "--select", "suffixed");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("'from_dotenv'", File.ReadAllText(Path.Combine(project.ProjectDir, "target/compiled/models/raw/suffixed.sql")), StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondCompileRewritesOnlyWhatChanged()
    {
        using var project = new ProjectCopy();
        Assert.Equal(0, EngineProcess.Run(project.Root, "compile").ExitCode);

        // Nodes stamped with run_started_at change on every compile (fact_activity's loaded_at, and the staging check,
        // which compares the activities changed since the fact's previous build); nothing else does.
        var unchanged = Written(EngineProcess.Run(project.Root, "compile"));
        project.Write("models/raw/extra.sql", "select 1 as id\n");
        var second = EngineProcess.Run(project.Root, "compile");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(unchanged + 1, Written(second));
        Assert.True(unchanged <= 2, $"{unchanged} files rewritten by a compile with no change");

        // A compiled file deleted from disk is written again, though its checksum is in the index.
        var extra = Path.Combine(project.ProjectDir, "target/compiled/models/raw/extra.sql");
        File.Delete(extra);
        var third = EngineProcess.Run(project.Root, "compile", "--no-partial-compile");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(unchanged + 1, Written(third));
        Assert.Equal("select 1 as id\n", File.ReadAllText(extra));
    }

    [Fact]
    public void AModelBodyEditIsCompiledTheShortWayAndGivesWhatAFullCompileGives()
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-shortcut-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "models"));
            File.WriteAllText(Path.Combine(root, "pipeline.yml"), "name: tiny\ntargets:\n  dev:\n    type: postgres\n    schema: analytics\n");
            File.WriteAllText(Path.Combine(root, "models", "base.sql"), "select 1 as id\n");
            File.WriteAllText(Path.Combine(root, "models", "top.sql"), "select id from {{ ref('base') }}\n");
            Assert.Equal(0, EngineProcess.Run(root, "compile").ExitCode);
            // As if the files had been written long before that compile: their stamps are then trusted (the racy window).
            File.SetLastWriteTimeUtc(Path.Combine(root, "target", "partial_compile.shortcut.bin"), DateTime.UtcNow.AddHours(1));
            File.WriteAllText(Path.Combine(root, "models", "top.sql"), "select id, 2 as two from {{ ref('base') }}\n");

            var edit = EngineProcess.Run(root, "compile", "--debug");

            Assert.True(edit.ExitCode == 0, edit.ToString());
            Assert.Contains("partial compile: shortcut", edit.Stderr, StringComparison.Ordinal);
            Assert.Contains("(1 written, 1 unchanged)", edit.Stdout, StringComparison.Ordinal);
            var shortcut = Manifest(root);
            Assert.Contains("2 as two", shortcut, StringComparison.Ordinal);
            Assert.Equal(0, EngineProcess.Run(root, "compile", "--no-partial-compile").ExitCode);
            Assert.Equal(Manifest(root), shortcut);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        static string Manifest(string root) => System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(root, "target", "manifest.json")), "\"(generated_at|invocation_id)\": \"[^\"]*\"", "-");
    }

    [Fact]
    public void AnUnknownRefIsReportedAtItsFileLineAndColumnWithExitCode2()
    {
        using var project = new ProjectCopy();
        project.Write("models/dwh/fact_activity.sql", "select *\nfrom {{ ref('activites') }}\n");

        var result = EngineProcess.Run(project.Root, "compile");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("project/models/dwh/fact_activity.sql(2,9): error ENG1201: ref('activites') not found; did you mean 'activities'?", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void AllProblemsOfALoadAreReportedTogether()
    {
        using var project = new ProjectCopy();
        project.Write("models/dwh/a.sql", "select * from {{ ref('nope') }}\n");
        project.Write("models/dwh/b.sql", "select {{ var('undefined_var') }}\n");
        project.Write("models/dwh/c.yml", "version: 2\nmodels:\n  - name: c_missing\n");

        var result = EngineProcess.Run(project.Root, "compile");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("project/models/dwh/a.sql(1,18): error ENG1201", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("project/models/dwh/b.sql(1,11): error ENG1104", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("project/models/dwh/c.yml(3,5): error ENG1007", StringComparison.Ordinal));
        Assert.Contains("3 errors", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ACycleIsReportedWithThePathAndEachFile()
    {
        using var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", "name: t\n");
        project.Write("models/a.sql", "select * from {{ ref('b') }}\n");
        project.Write("models/b.sql", "select * from {{ ref('a') }}\n");

        var result = EngineProcess.Run(project.Root, "compile");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1203: dependency cycle", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("a (models/a.sql) -> b (models/b.sql) -> a (models/a.sql)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTargetIsAConfigurationError()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "compile", "--target", "prdo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1401: target 'prdo' is not defined in pipeline.yml", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'prod'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidVarsAreAConfigurationError()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "compile", "--vars", "{not: [closed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1402", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VarsFromTheCommandLineReachTheTemplates()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "compile", "--select", "dim_date", "--vars", "{date_spine_start: '2020-02-02'}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("'2020-02-02'", File.ReadAllText(Path.Combine(project.ProjectDir, "target/compiled/models/dwh/dim_date.sql")), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingProjectDirectoryIsAConfigurationError()
    {
        using var project = new ProjectCopy(fromRepository: false);
        var result = EngineProcess.Run(project.Root, "compile", "--project-dir", "nowhere");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1005", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void AnUnknownOptionIsAUsageErrorWithExitCode2()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "compile", "--selekt", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--selekt", result.Stderr, StringComparison.Ordinal);
    }

    private static int Written(EngineResult result)
    {
        var match = System.Text.RegularExpressions.Regex.Match(result.Stdout, @"\((\d+) written,");
        Assert.True(match.Success, result.ToString());
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
