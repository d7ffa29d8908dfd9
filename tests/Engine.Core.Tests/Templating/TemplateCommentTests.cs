using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

/// <summary>
/// Comments in a code block as Scriban documents them: <c>#</c> to the end of its line, <c>## ... ##</c> over several
/// lines; a <c>#</c> comment continued on the next line is one error naming the cause.
/// </summary>
public sealed class TemplateCommentTests
{
    [Fact]
    public void A_multi_line_comment_between_double_hashes_renders_nothing()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{- ## Daily totals per athlete, rebuilt nightly;\n   it's what the weekly chart reads ## -}}\nselect 1 as id",
        }, "m");

        Assert.Equal("select 1 as id", sql);
    }

    [Fact]
    public void A_single_line_comment_followed_by_code_in_the_same_block_still_works()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{-\n  # the answer\n  answer = 42\n-}}\nselect {{ answer }} as id",
        }, "m");

        Assert.Equal("select 42 as id", sql);
    }

    [Fact]
    public void A_hash_comment_continued_on_the_next_line_that_fails_to_parse_is_one_error_at_that_line()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{- # Daily totals per athlete, rebuilt nightly;\n   it's what the weekly chart reads -}}\nselect 1 as id",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Single(diagnostics);
        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TemplateSyntax, project.PathOf("models/m.sql"), 2, 4);
        Assert.Equal("template syntax: line 2 is read as code, not as the '#' comment above it: a '#' comment ends at the end of its line; write a comment over several lines as '## ... ##'", d.Message);
    }
}
