using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>Picks the target named by <c>--target</c>, or the project's default.</summary>
public static class TargetResolver
{
    public static TargetConfig Resolve(ProjectConfig config, string? name)
    {
        var wanted = name ?? config.DefaultTarget;
        if (config.Targets.TryGetValue(wanted, out var target))
        {
            return target;
        }

        throw new ProjectException(DiagnosticCodes.UnknownTarget,
            $"target '{wanted}' is not defined in pipeline.yml; targets are {string.Join(", ", config.Targets.Keys.Order(StringComparer.Ordinal))}{NameSuggester.DidYouMean(wanted, config.Targets.Keys)}",
            config.Location);
    }
}
