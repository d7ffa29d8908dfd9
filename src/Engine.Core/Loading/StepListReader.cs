using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>
/// A list of step names (<c>steps:</c> of pipeline.yml or of a schedule) with each name's location; which names exist
/// is Engine.Orchestration's to say.
/// </summary>
public static class StepListReader
{
    public static ImmutableArray<StepDeclaration>? Read(YamlMap map, string key, DiagnosticBag bag)
    {
        switch (map.Get(key))
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                var steps = ImmutableArray.CreateBuilder<StepDeclaration>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } name })
                    {
                        steps.Add(new StepDeclaration(name, map.At(item)));
                    }
                    else
                    {
                        bag.Error(DiagnosticCodes.InvalidValue, $"each of '{key}' must be a step name, e.g. {key}: [extract, sync, build]", map.At(item));
                    }
                }

                return steps.ToImmutable();
            case var other:
                bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a list of step names in the order to run them, e.g. {key}: [extract, sync, build]", map.At(other));
                return null;
        }
    }
}
