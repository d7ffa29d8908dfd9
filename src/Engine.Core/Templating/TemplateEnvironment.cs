using System.Collections.Concurrent;
using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Scriban.Runtime;

namespace Engine.Core.Templating;

/// <summary>
/// What every render of one compile session shares: engine functions, dialect helpers, macros, <c>target</c>,
/// <c>run_started_at</c>, vars and the environment. Built once, then only read, so renders run in parallel.
/// </summary>
public sealed class TemplateEnvironment
{
    public TemplateEnvironment(
        string projectName,
        TargetConfig target,
        ISqlDialect dialect,
        ImmutableDictionary<string, object?> vars,
        Func<string, string?> environmentVariable,
        DateTimeOffset runStartedAt,
        RunPartition? partition = null)
    {
        Partition = partition;
        ProjectName = projectName;
        Target = target;
        Dialect = dialect;
        Vars = vars;
        EnvironmentVariable = environmentVariable;
        RunStartedAt = runStartedAt;
        Globals = EngineFunctionLibrary.Create(this);
    }

    public string ProjectName { get; }

    public TargetConfig Target { get; }

    public ISqlDialect Dialect { get; }

    public ImmutableDictionary<string, object?> Vars { get; }

    public Func<string, string?> EnvironmentVariable { get; }

    public DateTimeOffset RunStartedAt { get; }

    /// <summary><c>{{ run_started_at }}</c> as templates print it.</summary>
    public string RunStartedAtText => RunStartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00:00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The partition the run processes (<c>{{ partition.* }}</c>), or null outside a partitioned run.</summary>
    public RunPartition? Partition { get; }

    /// <summary>Set before the compile pass; the parse pass records calls instead of resolving them.</summary>
    public INodeResolver? Resolver { get; set; }

    /// <summary>Engine functions, dialect helpers and (after <see cref="LoadMacros"/>) the project's macros.</summary>
    public ScriptObject Globals { get; }

    public IReadOnlyList<string> MacroNames { get; private set; } = [];

    /// <summary>Macros that only print their parameters, with their (required, total) parameter counts.</summary>
    public Dictionary<string, (int Required, int Total)> PrintOnlyMacros { get; } = new(StringComparer.Ordinal);

    public bool IsPrintOnlyMacro(string name, int arguments) =>
        PrintOnlyMacros.TryGetValue(name, out var counts) && arguments >= counts.Required && arguments <= counts.Total;

    private readonly ConcurrentBag<SqlTemplateContext> _contexts = [];

    /// <summary>A context with the shared globals pushed, bound to <paramref name="state"/>.</summary>
    public SqlTemplateContext RentContext(NodeRenderState state)
    {
        if (_contexts.TryTake(out var context))
        {
            context.State = state;
            return context;
        }

        context = new SqlTemplateContext(state, this);
        context.PushGlobal(Globals);
        return context;
    }

    /// <summary>Only contexts whose render completed come back: a failed one may hold half-pushed scopes.</summary>
    public void ReturnContext(SqlTemplateContext context) => _contexts.Add(context);

    /// <summary>Evaluates the macro files once, so that their functions are callable from every template.</summary>
    public void LoadMacros(IEnumerable<MacroFile> macros, DiagnosticBag bag)
    {
        MacroNames = MacroLoader.Load(macros, this, bag);
    }
}
