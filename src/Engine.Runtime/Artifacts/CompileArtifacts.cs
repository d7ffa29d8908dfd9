using Engine.Core.Compilation;
using Engine.Core.Compilation.Dashboards;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// What <c>engine compile</c> leaves in target/: the compiled SQL and manifest.json, as dbt's compile does, so tools
/// that read the manifest (lineage, CI, state comparison) need no warehouse and no build.
/// </summary>
public static class CompileArtifacts
{
    public static CompiledSqlWriteResult Write(ProjectSession session, CompiledProject compiled)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var files = CompiledSqlWriter.Write(compiled);
        WriteDashboards(compiled);
        session.Timings.Add(("write sql", clock.Elapsed));
        clock.Restart();
        var invocation = new RunInvocation("compile", new BuildOptions(), session.Options, session.Target.Type, DateTimeOffset.UtcNow);
        if (session.Options.PartialCompile)
        {
            var manifest = Path.Combine(compiled.Parsed.Definition.TargetDirectory, "manifest.json");
            using var entries = ManifestEntryCache.Open(manifest, reuse: !session.Options.IgnoreCompileCache);
            ManifestWriter.Write(compiled, invocation, entries);
            files = files with { ManifestEntriesReused = entries.Reused };
            session.Timings.Add(("manifest keys", entries.KeysElapsed));
        }
        else
        {
            ManifestWriter.Write(compiled, invocation);
        }

        session.Timings.Add(("write manifest", clock.Elapsed));
        return files;
    }

    /// <summary>target/compiled/dashboards/NAME.yml: each selected dashboard with its queries as they will run.</summary>
    public static void WriteDashboards(CompiledProject compiled)
    {
        if (compiled.Dashboards.IsEmpty)
        {
            return;
        }

        var folder = Path.Combine(compiled.Parsed.Definition.TargetDirectory, "compiled", "dashboards");
        Directory.CreateDirectory(folder);
        foreach (var dashboard in compiled.Dashboards)
        {
            File.WriteAllText(Path.Combine(folder, dashboard.Definition.Name + ".yml"), CompiledDashboardYaml.Render(dashboard));
        }
    }
}
