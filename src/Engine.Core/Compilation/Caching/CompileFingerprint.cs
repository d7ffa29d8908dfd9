using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Engine.Core.Project;

namespace Engine.Core.Compilation.Caching;

/// <summary>
/// Everything every render may read, hashed: the engine build, the project's folder and pipeline.yml, its macros and
/// generic test templates, the target, the vars (pipeline.yml's with --vars over them), the partition and
/// --full-refresh. A cache made under another fingerprint is not used at all.
/// </summary>
public static class CompileFingerprint
{
    /// <summary>The fingerprint, or null when the cache cannot be used: a macro reads the clock or a value cannot be hashed.</summary>
    public static string? Compute(ProjectDefinition project, CompileOptions options)
    {
        if (project.Macros.Any(m => CompileCache.IsVolatile(m.Text)))
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(Build(typeof(CompileFingerprint).Assembly));
        writer.Write(Build(options.Dialect.GetType().Assembly));
        writer.Write(options.Dialect.GetType().FullName ?? string.Empty);
        writer.Write(project.RootDirectory);
        writer.Write(project.PipelineTextHash ?? string.Empty);
        writer.Write(project.Name);
        var target = options.Target;
        foreach (var value in (string?[])[target.Name, target.Type, target.Schema, target.Database, target.Threads.ToString(CultureInfo.InvariantCulture)])
        {
            writer.Write(value ?? "\0");
        }

        var vars = project.Config.Vars.SetItems(options.Vars);
        if (!PlainValueCodec.IsStorable(vars))
        {
            return null;
        }

        PlainValueCodec.Write(writer, vars);
        writer.Write(options.FullRefresh);
        writer.Write(options.Partition is { } p ? $"{p.Key}\0{p.Start:O}\0{p.End:O}" : "\0");
        foreach (var macro in project.Macros)
        {
            writer.Write(macro.FilePath);
            writer.Write(macro.Text);
        }

        foreach (var test in project.GenericTestTemplates)
        {
            writer.Write(test.FilePath);
            writer.Write(test.RawSql);
        }

        writer.Flush();
        hash.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>An assembly's version and build id: a rebuilt engine renders differently only if its code changed, but that is all it takes.</summary>
    public static string Build(Assembly assembly) =>
        $"{assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}/{assembly.ManifestModule.ModuleVersionId}";
}
