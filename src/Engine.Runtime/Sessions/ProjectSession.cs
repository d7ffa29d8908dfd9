using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Engine.Core.Compilation;
using Engine.Core.Compilation.Caching;
using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Configuration;
using Engine.Warehouse;

namespace Engine.Runtime.Sessions;

/// <summary>
/// One command's view of the project: loaded, parsed into a DAG and checked. Every load problem is gathered
/// first and raised together as one <see cref="ProjectException"/>.
/// </summary>
public sealed class ProjectSession
{
    private ProjectSession(ParsedProject parsed, SessionOptions options, WarehouseRegistry warehouses, EngineSettings settings)
    {
        Parsed = parsed;
        Options = options;
        Warehouses = warehouses;
        Settings = settings;
        Environment = new WarehouseEnvironment(Path.GetFullPath(options.ProjectDirectory), WorkspacePaths.EngineHome(options.ProjectDirectory), settings.Get);
    }

    public ProjectDefinition Definition => Parsed.Definition;

    public ParsedProject Parsed { get; }

    public SessionOptions Options { get; }

    public TargetConfig Target => Parsed.Options.Target;

    /// <summary>The warehouse adapters the composition root registered.</summary>
    public WarehouseRegistry Warehouses { get; }

    /// <summary>The adapter of the chosen target.</summary>
    public IWarehouseAdapter Warehouse => Warehouses.For(Target);

    /// <summary>Settings and secrets (.env, user secrets, environment).</summary>
    public EngineSettings Settings { get; }

    /// <summary>What adapters and connectors may use from outside the project files.</summary>
    public WarehouseEnvironment Environment { get; }

    /// <summary>With <see cref="SessionOptions.PartialCompile"/>, each environment variable the templates read and its value.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentReads { get; private init; } = new Dictionary<string, string?>();

    /// <summary>Seconds spent per phase, shown with --debug so a slow project shows where the time goes.</summary>
    public List<(string Phase, TimeSpan Elapsed)> Timings { get; } = [];

    public static ProjectSession Open(SessionOptions options, WarehouseRegistry warehouses, DateTimeOffset? runStartedAt = null)
    {
        var clock = Stopwatch.StartNew();
        var vars = VarsParser.Parse(options.Vars);
        var bag = new DiagnosticBag();
        // --no-partial-compile trusts no stamp but still takes them, so the compile after it need not read every file.
        var stamps = !options.PartialCompile ? null
            : options.IgnoreCompileCache ? FileStamps.Empty
            : FileStamps.Read(Path.Combine(Path.GetFullPath(options.ProjectDirectory), "target", FileStamps.FileName));
        var definition = ProjectLoader.Load(options.ProjectDirectory, bag, stamps);
        warehouses.Validate(definition.Config, bag);
        var loaded = clock.Elapsed;
        TargetConfig target;
        try
        {
            target = TargetResolver.Resolve(definition.Config, options.Target);
        }
        catch (ProjectException e)
        {
            // Reported with the load's own problems, not instead of them.
            bag.AddRange(e.Diagnostics);
            throw new ProjectException(bag.ToSortedList());
        }

        if (!warehouses.Types.Contains(target.Type, StringComparer.Ordinal))
        {
            // No dialect to parse with; the unknown type is already in the bag.
            bag.ThrowIfErrors();
        }

        var settings = EngineSettings.ForProject(options.ProjectDirectory);
        // Every variable any render reads, cached or not: what engine compile's shortcut checks before reusing this compile.
        var reads = options.PartialCompile ? new ConcurrentDictionary<string, string?>(StringComparer.Ordinal) : null;
        var compileOptions = new CompileOptions(target, warehouses.DialectFor(target))
        {
            Vars = vars,
            FullRefresh = options.FullRefresh,
            Partition = options.Partition,
            EnvironmentVariable = reads is null ? settings.Get : name => reads[name] = settings.Get(name),
            RunStartedAt = runStartedAt ?? DateTimeOffset.UtcNow,
        };
        var cache = options.PartialCompile && CompileFingerprint.Compute(definition, compileOptions) is { } fingerprint
            ? options.IgnoreCompileCache ? CompileCache.Empty(fingerprint) : CompileCacheFile.Read(Path.Combine(definition.TargetDirectory, CompileCache.FileName), fingerprint)
            : null;
        var cached = clock.Elapsed;
        var steps = new List<(string, TimeSpan)>();
        var parsed = ProjectParser.Parse(definition, compileOptions, bag, cache, steps);
        bag.ThrowIfErrors();
        var session = new ProjectSession(parsed, options, warehouses, settings) { EnvironmentReads = reads ?? [] };
        session.Timings.Add(("load", loaded));
        if (cache is not null)
        {
            session.Timings.Add(("read cache", cached - loaded));
        }

        session.Timings.Add(("parse", clock.Elapsed - (cache is null ? loaded : cached)));
        session.Timings.AddRange(steps);
        return session;
    }

    /// <summary>
    /// The unique ids chosen by --select and --exclude (everything when neither is given), or exactly
    /// <see cref="SessionOptions.Nodes"/> (those the project still has) when a command names them.
    /// </summary>
    public ImmutableArray<string> SelectNodes() =>
        Options.Nodes is { } nodes
            ? [.. nodes.Where(Parsed.Graph.Nodes.ContainsKey).Order(StringComparer.Ordinal)]
            : new NodeSelector(
                Parsed.Graph,
                Options.StateDirectory is { } state ? () => CompareWithState(state) : null,
                Options.StateDirectory is { } results ? () => PreviousRun.Read(Path.GetFullPath(results)).Results : null).Select(
                SelectorParser.Parse(Options.Select, "--select"),
                SelectorParser.Parse(Options.Exclude, "--exclude"));

    /// <summary>Every node compiled and set beside the state's manifest; only a <c>state:</c> selector asks for it.</summary>
    private StateChanges CompareWithState(string stateDirectory) =>
        StateComparer.Compare(Compile([.. Parsed.Graph.Ids]), CompileWith, Path.GetFullPath(stateDirectory));

    /// <summary>
    /// The project compiled with other templates in place of some nodes' (a previous run's <c>raw_code</c>); a template
    /// that no longer compiles is left out of the result rather than failing the command.
    /// </summary>
    private CompiledProject CompileWith(IReadOnlyDictionary<string, string> templates)
    {
        var nodes = Parsed.Nodes.ToDictionary(
            p => p.Key,
            p => templates.TryGetValue(p.Key, out var text) ? p.Value with { TemplateText = text } : p.Value,
            StringComparer.Ordinal);
        return ProjectCompiler.Compile(Parsed with { Nodes = nodes, Cache = null }, [.. templates.Keys], new DiagnosticBag());
    }

    /// <summary>
    /// Writes what this session's compile learnt to target/partial_compile.bin (with <see cref="SessionOptions.PartialCompile"/>),
    /// once the compile succeeded: entries of deleted files and nodes are dropped.
    /// </summary>
    public void SaveCompileCache()
    {
        if (Parsed.Cache is not { } cache)
        {
            return;
        }

        var files = new HashSet<string>(Definition.Models.Length, StringComparer.Ordinal);
        foreach (var model in Definition.Models)
        {
            files.Add(model.FilePath);
        }

        CompileCacheFile.Write(Path.Combine(Definition.TargetDirectory, CompileCache.FileName), cache, files.Contains, Parsed.Nodes.ContainsKey);
        FileStamps.Write(Path.Combine(Definition.TargetDirectory, FileStamps.FileName), Definition.Models.Where(m => m.Type != ResourceType.Analysis).Select(m => (m.RelativePath, m.Source)));
    }

    /// <param name="relationExists">
    /// Whether a relation exists as a table in the warehouse; a build passes it so that <c>is_incremental()</c>
    /// is true only for incremental models whose table is already there.
    /// </param>
    /// <param name="targetHolds">
    /// Whether the target holds a relation of any kind, for <c>--defer</c>; null when the warehouse was not asked, which
    /// defers every unselected parent the state knows.
    /// </param>
    public CompiledProject Compile(IReadOnlyCollection<string> selected, Func<Relation, bool>? relationExists = null, Func<Relation, bool>? targetHolds = null)
    {
        var clock = Stopwatch.StartNew();
        var bag = new DiagnosticBag();
        // The candidates are looked for only under --defer: a walk of every selected node's parents otherwise thrown away.
        var deferred = Options.Defer ? Deferral.Plan(Options, Deferral.Candidates(Parsed.Graph, selected), targetHolds) : Parsed.Options.Deferred;
        var parsed = relationExists is null && deferred.IsEmpty ? Parsed
            : Parsed with { Options = Parsed.Options with { RelationExists = relationExists ?? Parsed.Options.RelationExists, Deferred = deferred } };
        var compiled = ProjectCompiler.Compile(parsed, selected, bag);
        bag.ThrowIfErrors();
        Timings.Add(("compile", clock.Elapsed));
        return compiled;
    }
}
