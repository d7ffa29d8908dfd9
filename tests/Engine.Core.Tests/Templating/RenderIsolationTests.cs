using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

/// <summary>Renders run in parallel on shared (and pooled) Scriban state; one model's render must never leak into another's.</summary>
public sealed class RenderIsolationTests
{
    [Fact]
    public void Each_model_sees_its_own_this()
    {
        var files = Enumerable.Range(0, 40).ToDictionary(i => $"models/m{i:00}.sql", _ => "select '{{ this }}' as me, '{{ this.identifier }}' as id");
        using var project = new TempProject(files);

        var compiled = ProjectPipeline.CompileClean(project);

        Assert.Equal(40, compiled.Nodes.Length);
        Assert.All(compiled.Nodes, n => Assert.Equal($"select '\"public\".\"{n.Node.Name}\"' as me, '{n.Node.Name}' as id", n.Sql));
    }

    [Fact]
    public void Variable_assigned_in_one_model_is_not_visible_in_another()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "{{ cutoff = '2024-01-01' }}select '{{ cutoff }}'",
            ["models/b.sql"] = "select '{{ cutoff }}'",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        // a renders fine; b must fail on its own, whichever of the two rendered first.
        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownMacro, project.PathOf("models/b.sql"), 1, 12);
        Assert.Contains("cutoff", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_render_does_not_break_later_renders()
    {
        var files = Enumerable.Range(0, 20).ToDictionary(i => $"models/ok{i:00}.sql", i => $"select {i} as n");
        files["models/broken.sql"] = "select {{ ref('nowhere') }} {{ nope() }}";
        using var project = new TempProject(files);

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        Assert.Equal(project.PathOf("models/broken.sql"), d.Location!.FilePath);
        var (compiled, compileDiagnostics) = ProjectPipeline.Compile(parsed!);
        ProjectPipeline.AssertNone(compileDiagnostics);
        Assert.Equal(20, compiled.Nodes.Length);
        Assert.All(compiled.Nodes, n => Assert.Equal($"select {int.Parse(n.Node.Name[2..], System.Globalization.CultureInfo.InvariantCulture)} as n", n.Sql));
    }
}
