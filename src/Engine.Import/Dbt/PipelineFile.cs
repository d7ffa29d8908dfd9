using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>Writes pipeline.yml: the project's name, the profile's targets, the folder configs and the vars.</summary>
public static class PipelineFile
{
    public static void Write(DbtProjectFile project, ProfileTargets targets, ImportContext context, OutputProject output)
    {
        var pipeline = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = project.Name };
        if (targets.DefaultTarget is not null)
        {
            pipeline["target"] = targets.DefaultTarget;
            pipeline["targets"] = targets.Targets;
        }

        var models = FolderConfigConverter.Convert(project.Section("models"), project.FilePath, "models", output.ModelFolders, context);
        var snapshots = FolderConfigConverter.Convert(project.Section("snapshots"), project.FilePath, "snapshots", new HashSet<string>(), context);
        if (output.ModelFolders.Contains("snapshots"))
        {
            // dbt's model configs do not reach snapshots; here snapshots sit under models/, so the folder says so.
            snapshots["+materialized"] = "snapshot";
            if (models.ContainsKey("+schema") && !snapshots.ContainsKey("+schema"))
            {
                snapshots["+schema"] = targets.Schema;
            }

            models["snapshots"] = snapshots;
        }

        if (models.Count > 0)
        {
            pipeline["models"] = models;
        }

        var seeds = FolderConfigConverter.Convert(project.Section("seeds"), project.FilePath, "seeds", output.SeedFolders, context);
        if (seeds.Count > 0)
        {
            pipeline["seeds"] = seeds;
        }

        if (Vars(project) is { Count: > 0 } vars)
        {
            pipeline["vars"] = vars;
        }

        var header = $"# Imported from the dbt project '{project.Name}' by 'engine import dbt'.\n";
        output.Write("pipeline.yml", header + YamlValues.Write(pipeline), "pipeline files");
    }

    /// <summary>dbt lets vars be scoped to a package (<c>vars: {my_project: {x: 1}}</c>); the project's own are flattened.</summary>
    private static Dictionary<string, object?>? Vars(DbtProjectFile project)
    {
        if (project.Section("vars") is not { } node)
        {
            return null;
        }

        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, _, value) in YamlValues.Entries(node))
        {
            if (key == project.Name && value is YamlMappingNode scoped)
            {
                foreach (var (inner, _, innerValue) in YamlValues.Entries(scoped))
                {
                    vars[inner] = YamlValues.Plain(innerValue);
                }
            }
            else
            {
                vars[key] = YamlValues.Plain(value);
            }
        }

        return vars;
    }
}
