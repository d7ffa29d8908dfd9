using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Orchestration;

/// <summary>One entry of <c>steps:</c> in pipeline.yml, as written; Engine.Orchestration knows which names exist.</summary>
public sealed record StepDeclaration(string Name, SourceLocation Location);
