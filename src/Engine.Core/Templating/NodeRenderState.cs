using Engine.Core.Compilation;
using Engine.Core.Loading;

namespace Engine.Core.Templating;

/// <summary>
/// What one render of one node's template needs and records: its own relation (<c>this</c>), and the
/// ref/source/config calls it made. Created per render and used by one thread only.
/// </summary>
public sealed class NodeRenderState(string nodeName, string filePath, RenderMode mode)
{
    public string NodeName { get; } = nodeName;

    public string FilePath { get; } = filePath;

    public RenderMode Mode { get; } = mode;

    /// <summary>The node's own relation; null while parsing (it depends on config not yet known).</summary>
    public Relation? This { get; init; }

    public string ThisText { get; init; } = string.Empty;

    public bool IsIncremental { get; init; }

    /// <summary>A microbatch model's window: refs to models that declare <c>event_time</c> are filtered to it.</summary>
    public MicrobatchWindow? EventTimeWindow { get; init; }

    /// <summary>Extra variables a generic test template sees: <c>model</c>, <c>column_name</c>, its arguments.</summary>
    public IReadOnlyDictionary<string, object?> Locals { get; init; } = NoLocals;

    private static readonly Dictionary<string, object?> NoLocals = [];

    public List<RefCall> Refs { get; } = [];

    public List<SourceCall> Sources { get; } = [];

    public List<ConfigEntry> Config { get; } = [];

    /// <summary>
    /// Environment variables the render read, with the value it saw (null when unset): a cached render is reused only
    /// while they still hold those values.
    /// </summary>
    public List<(string Name, string? Value)> EnvironmentReads { get; } = [];

    /// <summary>
    /// What each ref/source call of the compile pass resolved to, in call order: a cached render is reused only while
    /// every one still resolves to the same text.
    /// </summary>
    public List<(object Call, string Text)> Resolutions { get; } = [];

    /// <summary>Ephemeral models referenced during the compile pass, to be injected as CTEs.</summary>
    public List<string> EphemeralRefs { get; } = [];

    /// <summary>Parents read through their event_time window (microbatch), as CTEs (quoted name, body) to inject.</summary>
    public List<(string Name, string Body)> EventTimeFilters { get; } = [];

    /// <summary>A unit test's render: what ref/source resolve to (<c>ref:model</c>, <c>source:s.t</c> to a CTE name).</summary>
    public IReadOnlyDictionary<string, string>? InputOverrides { get; init; }

    /// <summary>Refs and sources a unit test's render met that its <c>given:</c> does not provide.</summary>
    public List<string> MissingInputs { get; } = [];

    /// <summary>A unit test's <c>overrides: vars:</c>, looked up before the project's vars.</summary>
    public IReadOnlyDictionary<string, object?>? VarOverrides { get; init; }
}
