using Engine.Core.Compilation;
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
        var files = CompiledSqlWriter.Write(compiled);
        var invocation = new RunInvocation("compile", new BuildOptions(), session.Options, session.Target.Type, DateTimeOffset.UtcNow);
        ManifestWriter.Write(compiled, invocation);
        return files;
    }
}
