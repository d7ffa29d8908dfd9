using System.CommandLine;
using Engine.Cli.Output;
using Engine.Import.Dbt;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine import dbt DBT_PROJECT_DIR NEW_PROJECT_DIR</c>: converts a dbt project into a new project of this engine.
/// Exit 0 when the project was written (each construct it could not convert is printed as a warning at its
/// file(line,col)); exit 2 when nothing was written (not a dbt project, destination not empty, unreadable YAML).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import a project from another tool into a new project directory");
        var dbt = new Command("dbt",
            "Convert a dbt project (dbt_project.yml, a postgres profile, models, macros, schema YAML, seeds, snapshots, tests) into a new " +
            "project: Jinja becomes Scriban; every construct that could not be converted is listed as a warning at its file(line,col). " +
            "Exit 0: imported (also with warnings); 2: nothing written (not a dbt project, NEW_PROJECT_DIR not empty, bad YAML).");
        var source = new Argument<string>("DBT_PROJECT_DIR") { Description = "The dbt project: the directory holding dbt_project.yml" };
        var destination = new Argument<string>("NEW_PROJECT_DIR") { Description = "Where to write the new project; must not exist or be empty" };
        var profiles = new Option<string?>("--profiles-dir")
        {
            Description = "The directory holding profiles.yml (default: DBT_PROJECT_DIR); its postgres outputs become targets, passwords ${NAME} references",
        };
        dbt.Arguments.Add(source);
        dbt.Arguments.Add(destination);
        dbt.Options.Add(profiles);
        CommandGuard.SetAction(dbt, (result, _) =>
        {
            var outcome = DbtImporter.Import(result.GetValue(source)!, result.GetValue(destination)!, new DbtImportOptions { ProfilesDirectory = result.GetValue(profiles) });
            DiagnosticPrinter.Print(outcome.Warnings);
            var written = string.Join(", ", outcome.Written.Select(w => $"{w.Value} {w.Key}"));
            var where = Path.GetRelativePath(Environment.CurrentDirectory, outcome.Directory);
            Console.WriteLine($"Imported into {where}: {written}; {outcome.Warnings.Count} construct(s) not converted or dropped{(outcome.Warnings.Count > 0 ? " (listed above)" : string.Empty)}");
            return Task.FromResult(ExitCodes.Success);
        });
        import.Subcommands.Add(dbt);
        return import;
    }
}
