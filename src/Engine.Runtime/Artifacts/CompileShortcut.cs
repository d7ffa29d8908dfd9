using System.Collections.Immutable;
using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using Engine.Core.Compilation;
using Engine.Core.Compilation.Caching;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;
using Engine.Runtime.Configuration;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Engine.Warehouse;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// <c>engine compile</c> after an edit of model SQL bodies alone, without loading the rest of the project: when every
/// other file it reads has its stamp (<see cref="CompileShortcutState"/>), the options and environment variables are the
/// same, and each edited model still makes the same ref, source and config calls, then nothing but those models'
/// renders can differ from the last whole-project compile. Each is rendered again with its calls resolved as they were,
/// its compiled file and three strings of its manifest entry (<c>raw_code</c>, <c>checksum</c>, <c>compiled_code</c>)
/// replaced, and the manifest's metadata renewed; the result is what a full compile writes (tested against one). Any
/// other change, or anything the shortcut cannot vouch for, leaves it to the full compile, which saves the state again.
/// </summary>
public static class CompileShortcut
{
    /// <summary>More edited files than this are compiled the full way: the shortcut is for the edit-compile loop.</summary>
    public const int MaxEdits = 32;

    /// <summary>Whether the options compile the whole project with nothing from another state: the only compile continued or saved.</summary>
    public static bool Applies(SessionOptions options) =>
        options.Select.Count == 0 && options.Exclude.Count == 0 && options.Nodes is null && options.StateDirectory is null && !options.Defer && !options.FavorState;

    /// <summary>Drops the state, for a compile that leaves target/ as the state does not describe (a selection).</summary>
    public static void Forget(string projectDirectory)
    {
        var path = StatePath(Path.GetFullPath(projectDirectory));
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The compile done the short way, or null when the full compile must run (nothing was written then).</summary>
    public static CompileShortcutResult? TryRun(SessionOptions options, WarehouseRegistry warehouses)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(options.ProjectDirectory);
        var path = StatePath(root);
        if (!Applies(options) || options.IgnoreCompileCache || !File.Exists(path))
        {
            return null;
        }

        // The state is read and the compiled files looked for while the project's folders are walked: all three wait on the file system.
        var reading = Task.Run(() => CompileShortcutState.Read(path));
        var present = Task.Run(() => CompiledSqlWriter.AllPresent(root));
        var bag = new DiagnosticBag();
        var files = ProjectFiles.Scan(root, bag);
        if (reading.Result is not { } state || state.Key != Key(root, options, warehouses))
        {
            return null;
        }

        var timings = new List<(string, TimeSpan)> { ("walk, read state", clock.Elapsed) };
        if (bag.HasErrors || !InputsUnchanged(files, state) || Edits(files, state, bag) is not var (models, edits))
        {
            return null;
        }

        timings.Add(("stamps", clock.Elapsed));
        EngineSettings? settings = null;
        var reads = state.Reads.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);
        string? Variable(string name) => reads[name] = (settings ??= EngineSettings.ForProject(root)).Get(name);
        if (state.Reads.Any(r => !string.Equals(Variable(r.Name), r.Value, StringComparison.Ordinal))
            || FileStamp.Of(CompiledSqlWriter.IndexPath(root)) != state.CompiledIndex || !present.Result
            || !state.Dashboards.All(d => File.Exists(Path.Combine(root, d))))
        {
            return null;
        }

        timings.Add(("compiled files", clock.Elapsed));
        var renders = new Dictionary<string, (ShortcutRender Render, string Text, string Sql)>(StringComparer.Ordinal);
        var environment = edits.Count == 0 ? null : Environment(files, options, warehouses, Variable, bag);
        if (edits.Count > 0 && environment is null)
        {
            return null;
        }

        foreach (var (index, text) in edits)
        {
            ShortcutRender render;
            try
            {
                render = ShortcutRender.Decode(state.Models[index].Render);
            }
            catch (InvalidDataException)
            {
                return null;
            }

            if (Render(files.FullPath(state.Models[index].RelativePath), text, render, environment!, bag) is not { } sql)
            {
                return null;
            }

            renders[render.UniqueId] = (render, text, sql);
        }

        timings.Add(("render", clock.Elapsed));
        var invocation = new RunInvocation("compile", new BuildOptions(), options, state.TargetType, DateTimeOffset.UtcNow);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.generated_at"] = ArtifactMetadata.Timestamp(invocation.GeneratedAt),
            ["metadata.invocation_id"] = invocation.InvocationId,
        };
        var entries = renders.ToDictionary(
            r => r.Key,
            r => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["raw_code"] = r.Value.Text,
                ["checksum.checksum"] = ManifestNodeWriter.TextChecksum(r.Value.Text),
                ["compiled_code"] = r.Value.Sql,
            },
            StringComparer.Ordinal);
        if (!ManifestEntryCache.Splice(Path.Combine(root, "target", "manifest.json"), metadata, entries, invocation.InvocationId))
        {
            return null;
        }

        timings.Add(("manifest", clock.Elapsed));
        var written = renders.Count == 0 ? 0
            : CompiledSqlWriter.Replace(root, renders.Values.ToDictionary(r => r.Render.CompiledPath, r => r.Sql, StringComparer.Ordinal));

        (state with
        {
            CompiledIndex = FileStamp.Of(CompiledSqlWriter.IndexPath(root)),
            Models = models,
            Reads = [.. reads.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value))],
        }).Write(path);
        timings.Add(("write", clock.Elapsed));
        return new CompileShortcutResult(
            state.Files, written, Path.Combine(root, "target", "compiled"), state.Counts, state.TargetName, state.TargetType, edits.Count, clock.Elapsed)
        {
            Timings = [.. timings.Select((t, i) => (t.Item1, i == 0 ? t.Item2 : t.Item2 - timings[i - 1].Item2))],
        };
    }

    /// <summary>
    /// Starts making what the next compile compares the project with, on another core while this compile writes its
    /// artifacts (it reads only what the compile made); a null state when something in this compile is not reproduced by
    /// the shortcut (a render outside the cache, a template reading the clock, a file without a stamp).
    /// </summary>
    public static Task<CompileShortcutState?> Prepare(ProjectSession session, CompiledProject compiled) =>
        Applies(session.Options) ? Task.Run(() => State(session, compiled)) : Task.FromResult<CompileShortcutState?>(null);

    /// <summary>Saves the prepared state once the artifacts are in place, or drops the old one when there is none.</summary>
    public static void Save(ProjectSession session, Task<CompileShortcutState?> prepared, CompiledSqlWriteResult written)
    {
        var root = session.Definition.RootDirectory;
        if (prepared.Result is not { } state)
        {
            Forget(root);
            return;
        }

        (state with { CompiledIndex = FileStamp.Of(CompiledSqlWriter.IndexPath(root)), Files = written.Files }).Write(StatePath(root));
    }

    private static CompileShortcutState? State(ProjectSession session, CompiledProject compiled)
    {
        var definition = session.Definition;
        var parsed = session.Parsed;
        if (parsed.Cache is not { } cache || definition.Files is not { } files || definition.InputStamps.Any(s => s.Stamp is null)
            || definition.SingularTests.Any(t => CompileCache.IsVolatile(t.RawSql))
            || definition.Dashboards.SelectMany(d => d.Charts).Any(c => CompileCache.IsVolatile(c.Sql))
            || compiled.Nodes.Any(n => n.Node.Type is ResourceType.Model or ResourceType.Snapshot or ResourceType.Analysis && cache.RenderOf(n.Node.UniqueId) is null))
        {
            return null;
        }

        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        // Every render encoded into one buffer, each model holding its slice: an array per model was a tenth of a second
        // added to every full compile of 10,000 models.
        using var encoded = new MemoryStream();
        using var writer = new BinaryWriter(encoded, Encoding.UTF8, leaveOpen: true);
        using var scratch = new MemoryStream();
        var slices = new (long Start, int Length)[files.ModelSql.Length];
        for (var i = 0; i < files.ModelSql.Length; i++)
        {
            if (definition.Models[i].RelativePath != files.ModelSql[i])
            {
                return null;
            }

            var start = encoded.Position;
            Renderable(session, cache, compiledById, definition.Models[i], scratch)?.Encode(writer);
            writer.Flush();
            slices[i] = (start, (int)(encoded.Position - start));
        }

        var bytes = encoded.GetBuffer();
        var models = ImmutableArray.CreateBuilder<ShortcutModel>(files.ModelSql.Length);
        for (var i = 0; i < files.ModelSql.Length; i++)
        {
            var model = definition.Models[i];
            models.Add(new ShortcutModel(model.RelativePath, model.Source.Stamp, model.Source.Hash, bytes.AsMemory((int)slices[i].Start, slices[i].Length)));
        }

        return new CompileShortcutState(
            Key(definition.RootDirectory, session.Options, session.Warehouses),
            null,
            [.. definition.InputStamps.Select(s => (s.Relative, s.Stamp!.Value))],
            Folders(files),
            models.MoveToImmutable(),
            [.. session.EnvironmentReads.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value))],
            [.. compiled.Dashboards.Select(d => $"target/compiled/dashboards/{d.Definition.Name}.yml")],
            [.. compiled.Nodes.GroupBy(n => n.Node.Type).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))],
            0,
            session.Target.Name,
            session.Target.Type);
    }

    /// <summary>
    /// The model's render data when an edit of its SQL alone can be compiled short: a view or table whose render this
    /// compile stored, written as stored, with calls that can be compared and no unit test (which renders its SQL too).
    /// </summary>
    private static ShortcutRender? Renderable(
        ProjectSession session, CompileCache cache, Dictionary<string, CompiledNode> compiled, ModelDefinition model, MemoryStream scratch)
    {
        var id = NodeIds.For(ResourceType.Model, session.Definition.Name, model.Name);
        if (model.Type != ResourceType.Model || !session.Parsed.Nodes.TryGetValue(id, out var parsed)
            || parsed.Node is not { Relation: { } relation, Materialized: Core.Project.Materializations.View or Core.Project.Materializations.Table }
            || cache.RenderOf(id) is not { } render || render.TemplateHash != model.Source.Hash
            || !compiled.TryGetValue(id, out var node) || node.CompiledPath is not { } compiledPath || node.Sql != render.Sql
            || (!session.Definition.UnitTests.IsEmpty && session.Parsed.Graph.Children(id).Any(c => session.Parsed.Graph[c].IsUnitTest))
            || CallsDigest(new StaticParseResult(parsed.Refs, parsed.Sources, parsed.ConfigCalls), scratch) is not { } digest)
        {
            return null;
        }

        return new ShortcutRender(id, model.Name, compiledPath, relation, render.ThisText, digest, render.Resolutions);
    }

    /// <summary>Every file besides model SQL has the stamp it had, trusted, and the folders are the same.</summary>
    private static bool InputsUnchanged(ProjectFiles files, CompileShortcutState state)
    {
        var inputs = files.CompileInputs();
        if (inputs.Length != state.Inputs.Length || !Folders(files).SequenceEqual(state.Folders) || files.ModelSql.Length != state.Models.Length)
        {
            return false;
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] != state.Inputs[i].Relative || FileStamp.Of(files.FullPath(inputs[i])) is not { } now
                || now != state.Inputs[i].Stamp || !state.Trusts(now))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The model files as they are now, and the texts of those edited (by index); null when a file was added, removed or
    /// cannot be read, or an edited one cannot be compiled short. A stamp not trusted is checked by the text's digest.
    /// </summary>
    private static (ImmutableArray<ShortcutModel> Models, List<(int Index, string Text)> Edits)? Edits(ProjectFiles files, CompileShortcutState state, DiagnosticBag bag)
    {
        var models = state.Models.ToBuilder();
        var edits = new List<(int, string)>();
        // Taken on every core: one statx per model file is most of what an unchanged project costs.
        var stamps = new FileStamp?[models.Count];
        Parallel.For(0, stamps.Length, i => stamps[i] = FileStamp.Of(files.FullPath(files.ModelSql[i])));
        for (var i = 0; i < models.Count; i++)
        {
            var stored = models[i];
            var fullPath = files.FullPath(stored.RelativePath);
            if (files.ModelSql[i] != stored.RelativePath || stamps[i] is not { } now)
            {
                return null;
            }

            if (now == stored.Stamp && state.Trusts(now))
            {
                continue;
            }

            if (ProjectText.Read(fullPath, bag) is not { } text)
            {
                return null;
            }

            var hash = CompileCache.Hash(text);
            models[i] = stored with { Stamp = now, TextHash = hash };
            if (hash == stored.TextHash)
            {
                continue;
            }

            if (stored.Render.IsEmpty || edits.Count == MaxEdits || CompileCache.IsVolatile(text))
            {
                return null;
            }

            edits.Add((i, text));
        }

        return (models.MoveToImmutable(), edits);
    }

    /// <summary>What every render shares, made as the parse makes it: pipeline.yml's target and vars, the macros.</summary>
    private static TemplateEnvironment? Environment(
        ProjectFiles files, SessionOptions options, WarehouseRegistry warehouses, Func<string, string?> variable, DiagnosticBag bag)
    {
        try
        {
            var pipelinePath = files.FullPath(PipelineFileReader.FileName);
            if (ProjectText.Read(pipelinePath, bag) is not { } text
                || PipelineFileReader.Read(pipelinePath, text, files.ModelFolders, files.SeedFolders, bag) is not { } config || bag.HasErrors)
            {
                return null;
            }

            var target = TargetResolver.Resolve(config, options.Target);
            var vars = config.Vars.SetItems(VarsParser.Parse(options.Vars));
            var environment = new TemplateEnvironment(config.Name, target, warehouses.DialectFor(target), vars, variable, DateTimeOffset.UtcNow, options.Partition);
            environment.LoadMacros(ProjectLoader.ReadMacros(files, bag), bag);
            return bag.HasErrors ? null : environment;
        }
        catch (ProjectException)
        {
            return null;
        }
    }

    /// <summary>The edited model's compiled SQL, or null when its calls changed or its render needs anything the replay cannot give.</summary>
    private static string? Render(string fullPath, string text, ShortcutRender render, TemplateEnvironment environment, DiagnosticBag bag)
    {
        var (calls, _) = ProjectParser.ParseCalls(render.Name, fullPath, text, environment, bag);
        if (calls is null || bag.HasErrors || CallsDigest(calls, new MemoryStream()) != render.CallsDigest)
        {
            return null;
        }

        var resolver = new ReplayResolver(render.Resolutions);
        environment.Resolver = resolver;
        var state = new NodeRenderState(render.Name, fullPath, RenderMode.Compile) { This = render.This, ThisText = render.ThisText };
        var sql = SqlTemplate.Parse(text, fullPath, bag)?.Render(environment, state, bag);
        return sql is null || bag.HasErrors || resolver.Missed || state.EphemeralRefs.Count > 0 || state.EventTimeFilters.Count > 0 || state.MissingInputs.Count > 0
            ? null
            : sql;
    }

    /// <summary>A digest of a template's calls without their positions (an edit may move them); null when a config value cannot be stored.</summary>
    /// <param name="buffer">Emptied and reused.</param>
    private static UInt128? CallsDigest(StaticParseResult calls, MemoryStream buffer)
    {
        foreach (var entry in calls.Config)
        {
            if (entry.Node is not null || !PlainValueCodec.IsStorable(entry.Value))
            {
                return null;
            }
        }

        buffer.SetLength(0);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(calls.Refs.Length);
            foreach (var call in calls.Refs)
            {
                writer.Write(call.Package ?? "\0");
                writer.Write(call.Name);
            }

            writer.Write(calls.Sources.Length);
            foreach (var call in calls.Sources)
            {
                writer.Write(call.SourceName);
                writer.Write(call.TableName);
            }

            writer.Write(calls.Config.Length);
            foreach (var entry in calls.Config)
            {
                writer.Write(entry.Key);
                PlainValueCodec.Write(writer, entry.Value);
            }
        }

        return XxHash128.HashToUInt128(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static ImmutableArray<string> Folders(ProjectFiles files) =>
        [.. files.ModelFolders.Select(f => "models/" + f).Concat(files.SeedFolders.Select(f => "seeds/" + f)).Order(StringComparer.Ordinal)];

    /// <summary>The engine build and every option a compile's output depends on.</summary>
    private static string Key(string root, SessionOptions options, WarehouseRegistry warehouses)
    {
        var assemblies = new[] { typeof(ProjectParser).Assembly, typeof(CompileShortcut).Assembly, typeof(WarehouseRegistry).Assembly }
            .Concat(warehouses.Adapters.Select(a => a.GetType().Assembly))
            .Distinct()
            .Select(CompileFingerprint.Build);
        var partition = options.Partition is { } p ? $"{p.Key}\0{p.Start:O}\0{p.End:O}" : "\0";
        return string.Join('\u0001', [.. assemblies, root, options.Target ?? "\0", options.Vars ?? "\0", options.FullRefresh.ToString(), partition]);
    }

    private static string StatePath(string root) => Path.Combine(root, "target", CompileShortcutState.FileName);
}
