using System.Text;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>Project files are UTF-8: a byte that is not used to become U+FFFD silently and reach the warehouse.</summary>
public sealed class ProjectTextTests
{
    [Fact]
    public void A_latin1_byte_in_a_model_is_an_error_at_its_line_and_column_naming_the_offset()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["models/m.sql"] = "placeholder" });
        File.WriteAllBytes(project.PathOf("models/m.sql"), [.. "select 1\n-- caf"u8, 0xE9, .. " \n"u8]);

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.NotUtf8, project.PathOf("models/m.sql"), 2, 7);
        Assert.Equal("the file is not valid UTF-8: byte 0xE9 at byte offset 15 does not start a UTF-8 character; save it as UTF-8", d.Message);
    }

    [Theory]
    [InlineData("pipeline.yml")]
    [InlineData("sources.yml")]
    [InlineData("models/m.yml")]
    [InlineData("macros/x.sql")]
    [InlineData("tests/t.sql")]
    [InlineData("tests/generic/g.sql")]
    public void Every_project_file_is_checked(string file)
    {
        using var project = new TempProject(new Dictionary<string, string> { ["models/m.sql"] = "select 1", [file] = string.Empty });
        File.WriteAllBytes(project.PathOf(file), [.. "name: t\n# "u8, 0xFF, 0xFE, .. "\n"u8]);

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.NotUtf8, project.PathOf(file), 2, 3);
        Assert.Contains("byte 0xFF at byte offset 10", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_and_multi_byte_characters_are_accepted()
    {
        var bag = new DiagnosticBag();

        var text = ProjectText.Decode("m.sql", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("select 'café — 😀'")], bag);

        Assert.Equal("select 'café — 😀'", text);
        Assert.False(bag.HasErrors);
    }

    [Fact]
    public void A_sequence_cut_at_the_end_of_the_file_is_an_error()
    {
        var bag = new DiagnosticBag();

        var text = ProjectText.Decode("m.sql", [.. "select 1 --"u8, 0xE2, 0x82], bag);

        Assert.Null(text);
        var d = Assert.Single(bag.ToSortedList());
        DiagnosticAssert.At(d, DiagnosticCodes.NotUtf8, "m.sql", 1, 12);
        Assert.Contains("byte 0xE2 at byte offset 11", d.Message, StringComparison.Ordinal);
    }
}
