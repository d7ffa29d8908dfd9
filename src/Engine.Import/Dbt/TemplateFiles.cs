using System.Text;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Import.Dbt.Jinja;

namespace Engine.Import.Dbt;

/// <summary>Converts and writes each kind of dbt file: models, snapshots, macros, tests and properties files.</summary>
public static class TemplateFiles
{
    public static void Models(string source, DbtProjectFile project, ImportContext context, SourcesConverter sources, OutputProject output)
    {
        foreach (var (full, relative) in DbtImporter.Files(source, project.ModelPaths, ".sql"))
        {
            var converted = context.Templates.Convert(File.ReadAllText(full), full, context.Log.Bag);
            output.Write("models/" + relative, converted.Text, "models");
        }

        foreach (var (full, relative) in DbtImporter.Files(source, project.ModelPaths, ".yml").Concat(DbtImporter.Files(source, project.ModelPaths, ".yaml")))
        {
            Properties(full, "models/" + relative, context, sources, output);
        }
    }

    /// <summary>Each <c>{% snapshot name %}</c> block becomes models/snapshots/name.sql, where the engine keeps snapshots.</summary>
    public static void Snapshots(string source, DbtProjectFile project, ImportContext context, SourcesConverter sources, OutputProject output)
    {
        foreach (var (full, _) in DbtImporter.Files(source, project.SnapshotPaths, ".sql"))
        {
            var converted = context.Templates.Convert(File.ReadAllText(full), full, context.Log.Bag);
            foreach (var block in converted.Blocks.Where(b => b.Kind == TemplateBlockKind.Snapshot))
            {
                output.Write($"models/snapshots/{block.Name}.sql", block.Body.Trim() + "\n", "snapshots");
            }
        }

        foreach (var (full, relative) in DbtImporter.Files(source, project.SnapshotPaths, ".yml"))
        {
            Properties(full, "models/snapshots/" + relative, context, sources, output);
        }
    }

    /// <summary>Macro files keep their functions; <c>{% test %}</c> blocks among them become tests/generic/NAME.sql.</summary>
    public static void Macros(string source, DbtProjectFile project, ImportContext context, OutputProject output)
    {
        foreach (var (full, relative) in DbtImporter.Files(source, project.MacroPaths, ".sql"))
        {
            var converted = context.Templates.Convert(File.ReadAllText(full), full, context.Log.Bag);
            GenericTests(converted, full, context, output);
            if (converted.Text.Contains("{{", StringComparison.Ordinal))
            {
                output.Write("macros/" + relative, converted.Text.Trim() + "\n", "macro files");
            }
        }
    }

    /// <summary>tests/**/*.sql: generic tests (in <c>{% test %}</c> blocks) to tests/generic/, the rest are singular tests.</summary>
    public static void Tests(string source, DbtProjectFile project, ImportContext context, OutputProject output)
    {
        foreach (var (full, relative) in DbtImporter.Files(source, project.TestPaths, ".sql"))
        {
            var converted = context.Templates.Convert(File.ReadAllText(full), full, context.Log.Bag);
            if (converted.Blocks.Any(b => b.Kind == TemplateBlockKind.Test))
            {
                GenericTests(converted, full, context, output);
            }
            else
            {
                output.Write("tests/" + relative, converted.Text, "singular tests");
            }
        }

        foreach (var (full, _) in DbtImporter.Files(source, project.TestPaths, ".yml"))
        {
            context.Dropped("properties files under tests/ (unit tests) are not imported", full, null);
        }
    }

    public static void Properties(string full, string destination, ImportContext context, SourcesConverter sources, OutputProject output)
    {
        var root = YamlDocument.LoadMapping(full, File.ReadAllText(full), context.Log.Bag);
        if (root is null)
        {
            return;
        }

        if (PropertiesFileConverter.Convert(root, full, context, sources) is { } converted)
        {
            output.Write(destination, YamlValues.Write(converted), "properties files");
        }
    }

    private static void GenericTests(ConvertedTemplate converted, string file, ImportContext context, OutputProject output)
    {
        foreach (var block in converted.Blocks.Where(b => b.Kind == TemplateBlockKind.Test))
        {
            var extra = block.Parameters.Where(p => p is not ("model" or "column_name")).ToList();
            var header = new StringBuilder();
            if (extra.Count > 0)
            {
                header.Append("{{- # arguments from the test's YAML: ").Append(string.Join(", ", extra)).Append(" -}}\n");
            }

            if (!block.Parameters.Contains("model"))
            {
                context.Log.Bag.Add(Diagnostic.Warning(DiagnosticCodes.ImportNotConverted,
                    $"generic test '{block.Name}' has no 'model' parameter; the engine passes the tested relation as 'model'", new SourceLocation(file, block.Line, 1)));
            }

            output.Write($"tests/generic/{block.Name}.sql", header + block.Body.Trim() + "\n", "generic tests");
        }
    }
}
