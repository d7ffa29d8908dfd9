using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Warehouse;

/// <summary>The warehouse adapters the composition root registered, keyed by target type.</summary>
public sealed class WarehouseRegistry
{
    private readonly ImmutableDictionary<string, IWarehouseAdapter> _adapters;

    public WarehouseRegistry(IEnumerable<IWarehouseAdapter> adapters) =>
        _adapters = adapters.ToImmutableDictionary(a => a.Type, StringComparer.Ordinal);

    public IEnumerable<string> Types => _adapters.Keys.Order(StringComparer.Ordinal);

    /// <summary>The adapters, by type.</summary>
    public IEnumerable<IWarehouseAdapter> Adapters => _adapters.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value);

    /// <summary>The adapter of <paramref name="target"/>'s type.</summary>
    /// <exception cref="ProjectException">No adapter is registered for that type.</exception>
    public IWarehouseAdapter For(TargetConfig target) =>
        _adapters.TryGetValue(target.Type, out var adapter)
            ? adapter
            : throw new ProjectException(DiagnosticCodes.UnknownTarget, UnknownType(target), target.TypeLocation ?? target.Location);

    public ISqlDialect DialectFor(TargetConfig target) => For(target).Dialect;

    /// <summary>Checks every target of the project: a known type, and the keys its adapter takes.</summary>
    public void Validate(ProjectConfig config, DiagnosticBag bag)
    {
        foreach (var target in config.Targets.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (_adapters.TryGetValue(target.Type, out var adapter))
            {
                adapter.Validate(target, bag);
            }
            else
            {
                bag.Error(DiagnosticCodes.InvalidValue, UnknownType(target), target.TypeLocation ?? target.Location);
            }
        }
    }

    private string UnknownType(TargetConfig target) =>
        $"'type' of target '{target.Name}' must be one of {string.Join(", ", Types)}, not '{target.Type}'{NameSuggester.DidYouMean(target.Type, _adapters.Keys)}";
}
