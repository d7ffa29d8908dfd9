using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Project.Orchestration;

namespace Engine.Orchestration.Steps;

/// <summary>The steps <c>steps:</c> may name, and the steps of a project in the order to run them.</summary>
public static class StepCatalog
{
    public static ImmutableArray<IPipelineStep> All { get; } = [new ExtractStep(), new SyncStep(), new BuildStep()];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    /// <summary>The project's steps; without <c>steps:</c>, only <c>build</c>.</summary>
    /// <exception cref="ProjectException">A step name that does not exist, at its file(line,col).</exception>
    public static ImmutableArray<IPipelineStep> For(ProjectConfig config)
    {
        if (config.Orchestration.Steps is not { } declared)
        {
            return [All.Single(s => s.Name == BuildStep.StepName)];
        }

        return For(declared);
    }

    /// <summary>The steps a list names (a schedule's <c>steps:</c>), in its order.</summary>
    /// <exception cref="ProjectException">A step name that does not exist, at its file(line,col).</exception>
    public static ImmutableArray<IPipelineStep> For(IEnumerable<StepDeclaration> declared)
    {
        var bag = new DiagnosticBag();
        var steps = ImmutableArray.CreateBuilder<IPipelineStep>();
        foreach (var declaration in declared)
        {
            if (All.FirstOrDefault(s => s.Name == declaration.Name) is { } step)
            {
                steps.Add(step);
            }
            else
            {
                bag.Error(DiagnosticCodes.InvalidValue,
                    $"unknown step '{declaration.Name}'; steps are {string.Join(", ", Names)} (in the order to run them){NameSuggester.DidYouMean(declaration.Name, Names)}",
                    declaration.Location);
            }
        }

        bag.ThrowIfErrors();
        return steps.ToImmutable();
    }
}
