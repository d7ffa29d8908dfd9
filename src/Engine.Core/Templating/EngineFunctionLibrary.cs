using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Scriban.Runtime;

namespace Engine.Core.Templating;

/// <summary>The functions and values every template sees: ref, source, config, var, env_var, is_incremental, target, run_started_at, partition.</summary>
public static class EngineFunctionLibrary
{
    /// <summary>Environment variables with this prefix hold secrets; rendering them into SQL would write them into target/.</summary>
    public const string SecretPrefix = "ENGINE_SECRET_";

    public static ScriptObject Create(TemplateEnvironment env)
    {
        var globals = new ScriptObject();
        Add(globals, new TemplateFunction("ref", 1, 2, Ref));
        Add(globals, new TemplateFunction("source", 2, 2, Source));
        Add(globals, new TemplateFunction("config", 1, 1, Config));
        Add(globals, new TemplateFunction("var", 1, 2, Var));
        Add(globals, new TemplateFunction("env_var", 1, 2, EnvVar));
        Add(globals, new TemplateFunction("is_incremental", 0, 0, call => call.State.Mode == RenderMode.Compile && call.State.IsIncremental));
        DialectFunctionLibrary.AddTo(globals);

        var target = new ScriptObject();
        target.SetValue("name", env.Target.Name, readOnly: true);
        target.SetValue("type", env.Target.Type, readOnly: true);
        target.SetValue("schema", env.Target.Schema, readOnly: true);
        target.SetValue("database", env.Target.Database, readOnly: true);
        target.SetValue("threads", env.Target.Threads, readOnly: true);
        globals.SetValue("target", target, readOnly: true);
        globals.SetValue("run_started_at", env.RunStartedAtText, readOnly: true);
        globals.SetValue("project_name", env.ProjectName, readOnly: true);
        // An object whose values are null outside a partitioned run, so {{ partition.key }} always renders.
        var partition = new ScriptObject();
        partition.SetValue("key", env.Partition?.Key, readOnly: true);
        partition.SetValue("start", env.Partition is { } p ? RunPartition.Literal(p.Start) : null, readOnly: true);
        partition.SetValue("end", env.Partition is { } q ? RunPartition.Literal(q.End) : null, readOnly: true);
        globals.SetValue("partition", partition, readOnly: true);
        return globals;
    }

    public static void Add(ScriptObject globals, TemplateFunction function) => globals.SetValue(function.Name, function, readOnly: true);

    private static object? Ref(TemplateCall call)
    {
        string? package = null;
        var name = call.String(call.Count - 1, "model");
        if (call.Count == 2)
        {
            package = call.String(0, "project");
            if (package != call.Environment.ProjectName)
            {
                throw new TemplateFunctionException(call.Span,
                    $"ref('{package}', '{name}'): '{package}' is not this project ('{call.Environment.ProjectName}'); other projects cannot be referenced",
                    DiagnosticCodes.UnknownRef);
            }
        }

        var refCall = new RefCall(package, name, call.Location);
        if (call.State.Mode == RenderMode.Parse)
        {
            call.State.Refs.Add(refCall);
            return $"__ref__{name}";
        }

        var relation = call.Environment.Resolver!.ResolveRef(call.State, refCall);
        call.State.Resolutions.Add((refCall, relation));
        return relation;
    }

    private static object? Source(TemplateCall call)
    {
        var source = new SourceCall(call.String(0, "source"), call.String(1, "table"), call.Location);
        if (call.State.Mode == RenderMode.Parse)
        {
            call.State.Sources.Add(source);
            return $"__source__{source.SourceName}__{source.TableName}";
        }

        var table = call.Environment.Resolver!.ResolveSource(call.State, source);
        call.State.Resolutions.Add((source, table));
        return table;
    }

    private static object? Config(TemplateCall call)
    {
        if (call.Arguments[0] is not ScriptObject values)
        {
            throw call.Fail("config takes an object: config { materialized: 'table', tags: ['daily'] }");
        }

        if (call.State.Mode == RenderMode.Parse)
        {
            foreach (var (key, value) in values)
            {
                call.State.Config.Add(new ConfigEntry(key, ScriptValues.ToPlain(value), call.Location));
            }
        }

        return string.Empty;
    }

    private static object? Var(TemplateCall call)
    {
        var name = call.String(0, "name");
        if (call.State.VarOverrides?.TryGetValue(name, out var overridden) == true)
        {
            return ScriptValues.ToScript(overridden);
        }

        if (call.Environment.Vars.TryGetValue(name, out var value))
        {
            return ScriptValues.ToScript(value);
        }

        if (call.Count == 2)
        {
            return call.Arguments[1];
        }

        var known = call.Environment.Vars.Keys;
        throw new TemplateFunctionException(call.Span,
            $"var('{name}') has no value and no default: set it under 'vars:' in pipeline.yml or with --vars{NameSuggester.DidYouMean(name, known)}",
            DiagnosticCodes.MissingVar);
    }

    private static object? EnvVar(TemplateCall call)
    {
        var name = call.String(0, "name");
        if (name.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new TemplateFunctionException(call.Span,
                $"env_var('{name}'): variables starting with {SecretPrefix} are secrets and cannot be rendered into SQL",
                DiagnosticCodes.MissingEnvVar);
        }

        var value = call.Environment.EnvironmentVariable(name);
        call.State.EnvironmentReads.Add((name, value));
        if (value is not null)
        {
            return value;
        }

        if (call.Count == 2)
        {
            return call.Arguments[1];
        }

        throw new TemplateFunctionException(call.Span,
            $"environment variable '{name}' is not set and env_var() was given no default", DiagnosticCodes.MissingEnvVar);
    }
}
