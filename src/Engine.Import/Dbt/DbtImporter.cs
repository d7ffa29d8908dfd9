using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Import.Dbt.Jinja;

namespace Engine.Import.Dbt;

/// <summary>
/// <c>engine import dbt</c>: writes a dbt project into a new directory in this engine's layout — pipeline.yml (name,
/// targets from the postgres profile, folder configs, vars), sources.yml (every properties file's sources), models
/// (snapshots under models/snapshots/), macros as Scriban functions, generic and singular tests, seeds. Bad input (not a
/// dbt project, a non-empty destination) throws a <see cref="ProjectException"/> before anything is written; what cannot
/// be converted is returned as warnings at its file(line,col); an unreadable file is an error and leaves nothing written.
/// </summary>
public static partial class DbtImporter
{
    public static ImportOutcome Import(string dbtDirectory, string newDirectory, DbtImportOptions options)
    {
        var bag = new DiagnosticBag();
        var source = Path.GetFullPath(dbtDirectory);
        var destination = Path.GetFullPath(newDirectory);
        var project = DbtProjectFile.Read(source, bag);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new ProjectException(DiagnosticCodes.ImportTargetNotEmpty, $"'{newDirectory}' is not empty; import into a new directory");
        }

        var log = new ImportLog(bag);
        var profiles = Path.Combine(options.ProfilesDirectory is null ? source : Path.GetFullPath(options.ProfilesDirectory), "profiles.yml");
        var targets = project.Profile is null ? ProfileTargets.None : ProfileConverter.Convert(profiles, project.Profile, log);
        var macroTexts = Files(source, project.MacroPaths, ".sql").Concat(Files(source, project.TestPaths, ".sql"))
            .Select(f => File.ReadAllText(f.Full)).ToList();
        var overridesSchemaNames = macroTexts.Exists(t => SchemaNameMacro().IsMatch(t));
        var context = new ImportContext(project.Name, new ConfigKeyMapper(overridesSchemaNames ? string.Empty : targets.Schema + "_"), log);
        context.GenericTests.UnionWith(macroTexts.SelectMany(t => TestBlock().Matches(t).Select(m => m.Groups["name"].Value)));
        foreach (var (full, _) in Files(source, [.. project.ModelPaths, "docs"], ".md"))
        {
            var docs = context.Templates.Convert(File.ReadAllText(full), full, new DiagnosticBag());
            foreach (var block in docs.Blocks.Where(b => b.Kind == TemplateBlockKind.Docs))
            {
                context.Docs[block.Name] = block.Body;
            }
        }

        Directory.CreateDirectory(destination);
        var output = new OutputProject(destination);
        var sources = new SourcesConverter(context);
        TemplateFiles.Models(source, project, context, sources, output);
        TemplateFiles.Snapshots(source, project, context, sources, output);
        TemplateFiles.Macros(source, project, context, output);
        TemplateFiles.Tests(source, project, context, output);
        Seeds(source, project, context, sources, output);
        Unconverted(source, project, context, overridesSchemaNames);
        PipelineFile.Write(project, targets, context, output);
        if (sources.Sources.Count > 0)
        {
            output.Write("sources.yml", YamlValues.Write(new Dictionary<string, object?> { ["version"] = 2L, ["sources"] = sources.Sources }), "sources files");
        }

        if (bag.HasErrors)
        {
            // An unreadable file (bad YAML, not UTF-8) would leave a project missing what it declared: write nothing.
            Directory.Delete(destination, recursive: true);
            bag.ThrowIfErrors();
        }

        return new ImportOutcome(destination, output.Written, bag.ToSortedList());
    }

    /// <summary>Every file with the extension under the project's folders of one kind: full path and path inside its folder.</summary>
    public static IEnumerable<(string Full, string Relative)> Files(string root, IEnumerable<string> folders, string extension) =>
        folders.Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*" + extension, SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => (f, Path.GetRelativePath(d, f).Replace('\\', '/'))));

    private static void Seeds(string source, DbtProjectFile project, ImportContext context, SourcesConverter sources, OutputProject output)
    {
        foreach (var (full, relative) in Files(source, project.SeedPaths, ".csv"))
        {
            output.Copy(full, "seeds/" + relative, "seeds");
        }

        foreach (var (full, relative) in Files(source, project.SeedPaths, ".yml"))
        {
            TemplateFiles.Properties(full, "seeds/" + relative, context, sources, output);
        }
    }

    private static void Unconverted(string source, DbtProjectFile project, ImportContext context, bool overridesSchemaNames)
    {
        foreach (var (key, node) in project.Unconverted)
        {
            context.Dropped($"'{key}' in {DbtProjectFile.FileName} has no counterpart in the engine; dropped", project.FilePath, node);
        }

        foreach (var packages in new[] { "packages.yml", "dependencies.yml" }.Select(f => Path.Combine(source, f)).Where(File.Exists))
        {
            context.NotConverted("dbt packages are not imported: their macros and tests are reported where the project uses them", packages, null);
        }

        foreach (var (full, _) in Files(source, project.AnalysisPaths, ".sql"))
        {
            context.Dropped("analyses are not imported (the engine has no analysis kind)", full, null);
        }

        foreach (var (full, _) in Files(source, project.ModelPaths, ".py"))
        {
            context.NotConverted("Python models are not imported", full, null);
        }

        if (overridesSchemaNames)
        {
            context.NotConverted(
                "the project overrides generate_schema_name: the engine builds a custom schema under the name written in config, as that macro usually does; check the schemas",
                project.FilePath, null);
        }
    }

    [GeneratedRegex(@"\{%-?\s*macro\s+generate_schema_name\s*\(")]
    private static partial Regex SchemaNameMacro();

    [GeneratedRegex(@"\{%-?\s*test\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex TestBlock();
}
