using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

public sealed class TargetResolverTests
{
    [Fact]
    public void No_name_means_the_default_target()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["pipeline.yml"] = Targets.TwoTargets });
        var (definition, _) = ProjectPipeline.Load(project);

        Assert.Equal("dev", TargetResolver.Resolve(definition!.Config, null).Name);
        Assert.Equal("snowflake", TargetResolver.Resolve(definition.Config, "sf").Type);
    }

    [Fact]
    public void Unknown_target_lists_the_targets_and_suggests_one()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["pipeline.yml"] = Targets.TwoTargets });
        var (definition, _) = ProjectPipeline.Load(project);

        var e = Assert.Throws<ProjectException>(() => TargetResolver.Resolve(definition!.Config, "sff"));

        var d = DiagnosticAssert.At(Assert.Single(e.Diagnostics), DiagnosticCodes.UnknownTarget, project.PathOf("pipeline.yml"), 1, 1);
        Assert.Equal("target 'sff' is not defined in pipeline.yml; targets are dev, sf; did you mean 'sf'?", d.Message);
    }
}
