using System.Collections.Concurrent;
using System.Collections.Immutable;
using Engine.Core.Compilation.Caching;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>
/// Reads a project directory into a <see cref="ProjectDefinition"/>. Every problem found goes into the bag;
/// loading carries on so that one run reports them all.
/// </summary>
public static class ProjectLoader
{
    /// <param name="stamps">The stamps of the last compile's model files (partial compile): files whose stamp is unchanged are not read.</param>
    public static ProjectDefinition Load(string projectDirectory, DiagnosticBag bag, FileStamps? stamps = null)
    {
        var root = Path.GetFullPath(projectDirectory);
        var pipelinePath = Path.Combine(root, PipelineFileReader.FileName);
        if (!File.Exists(pipelinePath))
        {
            var what = Directory.Exists(root) ? $"no {PipelineFileReader.FileName} in '{root}'" : $"project directory '{root}' does not exist";
            throw new ProjectException(DiagnosticCodes.MissingFile, $"{what}; pass --project-dir to point at the project");
        }

        var files = ProjectFiles.Scan(root, bag);
        // Taken before anything is read: a file written during the load then looks changed next time, never unchanged.
        var inputStamps = stamps is null ? [] : files.CompileInputs().Select(p => (p, FileStamp.Of(files.FullPath(p)))).ToImmutableArray();
        var pipelineText = ProjectText.Read(pipelinePath, bag);
        var config = pipelineText is null ? null : PipelineFileReader.Read(pipelinePath, pipelineText, files.ModelFolders, files.SeedFolders, bag);
        if (config is null)
        {
            // Without a readable pipeline.yml there are no targets, folder defaults or vars: everything reported
            // after this would be a consequence ("target 'dev' is not defined", unknown vars), not a cause.
            bag.ThrowIfErrors();
            throw new ProjectException(DiagnosticCodes.InvalidValue, $"{PipelineFileReader.FileName} could not be read", SourceLocation.File(pipelinePath));
        }

        var genericTests = files.GenericTests
            .Select(p => new GenericTestTemplate(Path.GetFileNameWithoutExtension(p), files.FullPath(p), ReadOrEmpty(files.FullPath(p), bag), SourceLocation.File(files.FullPath(p))))
            .ToImmutableArray();
        var customTestNames = genericTests.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        // Model files are read while the YAML is parsed: one waits on the disk, the other on the CPU.
        var texts = new SourceText[files.ModelSql.Length];
        var reading = Task.Run(() => Parallel.For(0, texts.Length, i => texts[i] = ReadModelText(files, files.ModelSql[i], stamps, bag)));
        var yamlEntries = new ConcurrentBag<ResourceYaml>();
        var unitTests = new ConcurrentBag<UnitTestDefinition>();
        var propertiesDigests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(files.ModelYaml, p =>
        {
            if (ProjectText.Read(files.FullPath(p), bag) is not { } text)
            {
                return;
            }

            propertiesDigests[files.FullPath(p)] = CompileCache.Hash(text);

            foreach (var entry in ResourceYamlReader.Read(files.FullPath(p), text, customTestNames, bag, unitTests))
            {
                yamlEntries.Add(entry);
            }
        });
        var yamlByName = IndexYaml(yamlEntries, bag);

        var sourcesPath = Path.Combine(root, SourcesFileReader.FileName);
        var sourcesText = File.Exists(sourcesPath) ? ProjectText.Read(sourcesPath, bag) : null;
        var sources = sourcesText is null ? [] : SourcesFileReader.Read(sourcesPath, sourcesText, customTestNames, bag);
        if (sourcesText is not null)
        {
            propertiesDigests[sourcesPath] = CompileCache.Hash(sourcesText);
        }

        var models = new ModelDefinition[files.ModelSql.Length];
        reading.GetAwaiter().GetResult();
        var folders = new ConcurrentDictionary<string, (ImmutableArray<string> Folders, ModelConfig Config)>(StringComparer.Ordinal);
        Parallel.For(0, models.Length, i => models[i] = ReadModel(files, files.ModelSql[i], texts[i], config, yamlByName, folders));

        var analyses = files.Analyses.Select(p => ReadAnalysis(files, p, config, bag));
        var seeds = files.Seeds.Select(p => ReadSeed(files, p, config, yamlByName)).ToImmutableArray();
        ReportOrphanYaml(yamlByName, models, seeds, bag);

        var singular = files.SingularTests
            .Select(p => new SingularTestDefinition(
                Path.GetFileNameWithoutExtension(p), p, files.FullPath(p), ReadOrEmpty(files.FullPath(p), bag),
                TestConfig.Default, SourceLocation.File(files.FullPath(p))))
            .ToImmutableArray();
        var macros = ReadMacros(files, bag);

        return new ProjectDefinition(root, config, [.. models, .. analyses], seeds, sources, singular, genericTests, macros)
        {
            SourcesUnreadable = sources.IsEmpty && bag.HasErrorIn(sourcesPath),
            ModelFilesUnread = stamps?.Unread ?? 0,
            Files = files,
            InputStamps = inputStamps,
            PipelineTextHash = CompileCache.Hash(pipelineText!),
            PropertiesDigests = propertiesDigests.ToImmutableDictionary(StringComparer.Ordinal),
            Dashboards = DashboardFileReader.ReadAll(root, bag),
            UnitTests = [.. unitTests.OrderBy(u => u.Location.FilePath, StringComparer.Ordinal).ThenBy(u => u.Location.Line)],
        };
    }

    /// <summary>The project's macro files, read.</summary>
    public static ImmutableArray<MacroFile> ReadMacros(ProjectFiles files, DiagnosticBag bag) =>
        [.. files.Macros.Select(p => new MacroFile(p, files.FullPath(p), ReadOrEmpty(files.FullPath(p), bag), SourceLocation.File(files.FullPath(p))))];

    /// <summary>
    /// An undecodable template is reported and then loaded empty: it keeps its name, so refs to it and tests on it
    /// raise no follow-on errors, and the load still fails on the one that names the bad byte.
    /// </summary>
    private static string ReadOrEmpty(string fullPath, DiagnosticBag bag) => ProjectText.Read(fullPath, bag) ?? string.Empty;

    /// <summary>
    /// The stamp is taken before the read: a write between the two leaves a stamp older than the text, which the next
    /// compile sees as changed. Only a text read whole and valid gets a stamp, so an undecodable file is reported every time.
    /// </summary>
    private static SourceText ReadModelText(ProjectFiles files, string relative, FileStamps? stamps, DiagnosticBag bag)
    {
        var fullPath = files.FullPath(relative);
        var stamp = stamps is null ? null : FileStamp.Of(fullPath);
        if (stamp is { } now && stamps!.TryUnchanged(relative, fullPath, now) is { } unread)
        {
            return unread;
        }

        return ProjectText.Read(fullPath, bag) is { } text ? SourceText.Of(text, stamp) : SourceText.Of(string.Empty);
    }

    private static Dictionary<(string Section, string Name), ResourceYaml> IndexYaml(IEnumerable<ResourceYaml> entries, DiagnosticBag bag)
    {
        var index = new Dictionary<(string, string), ResourceYaml>();
        foreach (var entry in entries.OrderBy(e => e.Location.FilePath, StringComparer.Ordinal).ThenBy(e => e.Location.Line))
        {
            var section = entry.Section == "seeds" ? "seeds" : "models";
            if (!index.TryAdd((section, entry.Name), entry))
            {
                var first = index[(section, entry.Name)].Location;
                bag.Error(DiagnosticCodes.DuplicateDefinition,
                    $"'{entry.Name}' is described twice: here and at {first}", entry.Location);
            }
        }

        return index;
    }

    /// <param name="byFolder">
    /// Each folder's path and configuration (defaults and pipeline.yml's folder configs), made once per folder and shared
    /// by its models (immutable): made per model, 10,000 models merged 30,000 configurations.
    /// </param>
    private static ModelDefinition ReadModel(
        ProjectFiles files, string relative, SourceText text, ProjectConfig config, Dictionary<(string, string), ResourceYaml> yaml,
        ConcurrentDictionary<string, (ImmutableArray<string> Folders, ModelConfig Config)> byFolder)
    {
        var fullPath = files.FullPath(relative);
        var name = Path.GetFileNameWithoutExtension(relative);
        var (folders, modelConfig) = byFolder.GetOrAdd(Path.GetDirectoryName(relative) ?? string.Empty, _ => FolderConfig(relative, config));
        var isSnapshot = folders.Length > 0 && folders[0] == "snapshots";
        yaml.TryGetValue(("models", name), out var entry);
        if (entry is not null)
        {
            modelConfig = modelConfig.Merge(entry.Config);
        }

        return new ModelDefinition(
            name,
            isSnapshot ? ResourceType.Snapshot : ResourceType.Model,
            relative,
            fullPath,
            [config.Name, .. folders, name],
            text,
            modelConfig,
            SourceLocation.File(fullPath))
        {
            Description = entry?.Description,
            Columns = entry?.Columns ?? [],
            Tests = entry?.Tests ?? [],
            Constraints = entry?.Constraints ?? [],
            YamlLocation = entry?.Location,
        };
    }

    private static (ImmutableArray<string> Folders, ModelConfig Config) FolderConfig(string relative, ProjectConfig config)
    {
        var folders = FolderPath(relative, "models/");
        var defaults = folders.Length > 0 && folders[0] == "snapshots"
            ? ModelConfig.Empty with { Materialized = Materializations.Snapshot }
            : ModelConfig.Empty with { Materialized = Materializations.View };
        return (folders, defaults.Merge(config.Models.Resolve(folders)));
    }

    /// <summary>An analysis is parsed and compiled like a model (its refs and sources resolved) but never built.</summary>
    private static ModelDefinition ReadAnalysis(ProjectFiles files, string relative, ProjectConfig config, DiagnosticBag bag)
    {
        var fullPath = files.FullPath(relative);
        var name = Path.GetFileNameWithoutExtension(relative);
        return new ModelDefinition(
            name,
            ResourceType.Analysis,
            relative,
            fullPath,
            [config.Name, "analysis", .. FolderPath(relative, "analyses/"), name],
            SourceText.Of(ReadOrEmpty(fullPath, bag)),
            ModelConfig.Empty with { Materialized = Materializations.View },
            SourceLocation.File(fullPath));
    }

    private static SeedDefinition ReadSeed(ProjectFiles files, string relative, ProjectConfig config, Dictionary<(string, string), ResourceYaml> yaml)
    {
        var fullPath = files.FullPath(relative);
        var name = Path.GetFileNameWithoutExtension(relative);
        var folders = FolderPath(relative, "seeds/");
        var seedConfig = (ModelConfig.Empty with { Materialized = Materializations.Seed }).Merge(config.Seeds.Resolve(folders));
        yaml.TryGetValue(("seeds", name), out var entry);
        if (entry is not null)
        {
            seedConfig = seedConfig.Merge(entry.Config);
        }

        return new SeedDefinition(name, relative, fullPath, [config.Name, .. folders, name], seedConfig, SourceLocation.File(fullPath))
        {
            Description = entry?.Description,
            Columns = entry?.Columns ?? [],
            Tests = entry?.Tests ?? [],
        };
    }

    private static ImmutableArray<string> FolderPath(string relative, string prefix)
    {
        var dir = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? string.Empty;
        dir = dir.Length >= prefix.Length - 1 ? dir[Math.Min(dir.Length, prefix.Length)..] : string.Empty;
        return dir.Length == 0 ? [] : [.. dir.Split('/')];
    }

    private static void ReportOrphanYaml(
        Dictionary<(string Section, string Name), ResourceYaml> yaml, ModelDefinition[] models, ImmutableArray<SeedDefinition> seeds, DiagnosticBag bag)
    {
        var modelNames = new HashSet<string>(models.Length, StringComparer.Ordinal);
        foreach (var model in models)
        {
            modelNames.Add(model.Name);
        }

        var seedNames = seeds.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ((section, name), entry) in yaml)
        {
            var known = section == "seeds" ? seedNames : modelNames;
            if (!known.Contains(name))
            {
                var where = section == "seeds" ? "seeds/" : "models/";
                bag.Error(DiagnosticCodes.UnknownModelInYaml,
                    $"'{name}' is described here but there is no {name}.{(section == "seeds" ? "csv" : "sql")} under {where}{NameSuggester.DidYouMean(name, known)}",
                    entry.Location);
            }
        }
    }
}
