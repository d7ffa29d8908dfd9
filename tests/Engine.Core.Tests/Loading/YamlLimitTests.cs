using System.Text;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>YAML that costs more to load than it weighs (alias bombs, deep nesting, huge files) is refused with a location.</summary>
public sealed class YamlLimitTests
{
    /// <summary>The probe's bomb: 1.5 KB of nine levels of nine aliases, 387 million values once expanded.</summary>
    private static string Bomb(int levels)
    {
        var text = new StringBuilder("name: t\nvars:\n  lol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < levels; i++)
        {
            text.Append($"  lol{i}: &a{i} [{string.Join(',', Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        return text.ToString();
    }

    [Fact(Timeout = 30_000)]
    public async Task The_billion_laughs_bomb_in_vars_is_one_error_at_the_alias_that_crosses_the_limit()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["pipeline.yml"] = Bomb(9) });

        var (_, diagnostics) = await Task.Run(() => ProjectPipeline.Parse(project));

        var d = Assert.Single(diagnostics);
        // lol5 (line 8) holds 597,871 values; the first of its copies in lol6 takes the file past a million.
        DiagnosticAssert.At(d, DiagnosticCodes.YamlAliasExpansion, project.PathOf("pipeline.yml"), 9, 14);
        Assert.Equal(
            "alias '*a5' expands the file past 1,000,000 values: each alias copies its anchor '&a5' (line 8, 597,871 values), " +
            "so aliases of aliases grow exponentially; write the values out or nest fewer aliases",
            d.Message);
    }

    [Fact]
    public void Many_aliases_of_a_shared_block_still_load()
    {
        // A real use: one block of defaults repeated for many targets or tables.
        var text = new StringBuilder("name: t\nvars:\n  defaults: &d {a: 1, b: [1, 2, 3], c: {x: y}}\n");
        for (var i = 0; i < 2_000; i++)
        {
            text.Append($"  v{i}: *d\n");
        }

        using var project = new TempProject(new Dictionary<string, string> { ["pipeline.yml"] = text.ToString() });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Equal(2_001, definition!.Config.Vars.Count);
    }

    [Fact]
    public void A_big_but_normal_file_loads()
    {
        // About 6 MB and 400,000 values, no aliases: a large generated sources.yml.
        var text = new StringBuilder("sources:\n  - name: raw\n    tables:\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append($"      - name: table_{i}\n        description: \"{new string('d', 200)}\"\n        columns:\n");
            for (var c = 0; c < 5; c++)
            {
                text.Append($"          - name: column_{c}\n");
            }
        }

        using var project = new TempProject(new Dictionary<string, string> { ["sources.yml"] = text.ToString() });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Equal(20_000, definition!.Sources.Single().Tables.Length);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_at_the_bracket_that_crosses_it()
    {
        var bag = new DiagnosticBag();
        var text = "vars: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var root = YamlDocument.LoadMapping("p.yml", text, bag);

        Assert.Null(root);
        var d = Assert.Single(bag.ToSortedList());
        // The root mapping is level 1, so the 64th bracket (column 7 + 63) opens level 65.
        DiagnosticAssert.At(d, DiagnosticCodes.YamlTooDeep, "p.yml", 1, 70);
        Assert.Equal("values nest more than 64 levels deep here; flatten the structure", d.Message);
    }

    [Fact]
    public void Nesting_up_to_the_limit_loads()
    {
        var bag = new DiagnosticBag();
        var text = "vars: " + new string('[', 63) + new string(']', 63) + "\n";

        Assert.NotNull(YamlDocument.LoadMapping("p.yml", text, bag));
        Assert.False(bag.HasErrors);
    }

    [Fact]
    public void A_file_over_16_MiB_is_refused_at_its_start()
    {
        var bag = new DiagnosticBag();
        var text = "# " + new string('x', YamlDocument.MaxChars) + "\nname: t\n";

        Assert.Null(YamlDocument.LoadMapping("p.yml", text, bag));

        var d = Assert.Single(bag.ToSortedList());
        DiagnosticAssert.At(d, DiagnosticCodes.FileTooLarge, "p.yml", 1, 1);
        Assert.Equal("the file has 16,777,227 characters; YAML files are limited to 16,777,216 (16 MiB)", d.Message);
    }
}
