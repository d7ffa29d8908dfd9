using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>Inputs the fuzz test found that YamlDotNet fails on with something other than a YamlException.</summary>
public sealed class YamlDocumentTests
{
    [Fact]
    public void A_scanner_failure_inside_yamldotnet_is_a_syntax_error_not_a_crash()
    {
        var bag = new DiagnosticBag();

        // YamlDotNet 18.1 throws InvalidOperationException from ScanPlainScalar here.
        Assert.Null(YamlDocument.LoadMapping("p.yml", "a: 1\n[---\n1e999", bag));

        var d = Assert.Single(bag.ToSortedList());
        DiagnosticAssert.At(d, DiagnosticCodes.YamlSyntax, "p.yml", 1);
        Assert.Equal("invalid YAML: the parser could not read past here", d.Message);
    }

    [Fact]
    public void A_control_character_is_a_syntax_error_at_its_position()
    {
        var bag = new DiagnosticBag();

        Assert.Null(YamlDocument.LoadMapping("p.yml", "name: t\nvars:\n  x: a\u0000b\n", bag));

        var d = Assert.Single(bag.ToSortedList());
        DiagnosticAssert.At(d, DiagnosticCodes.YamlSyntax, "p.yml", 3, 7);
        Assert.Equal("invalid YAML: control character U+0000 is not allowed in a YAML file", d.Message);
    }

    [Fact]
    public void An_indenting_tab_is_reported_at_its_line()
    {
        var bag = new DiagnosticBag();

        Assert.Null(YamlDocument.LoadMapping("p.yml", "name: t\ntargets:\n  dev:\n\ttype: postgres\n", bag));

        var d = Assert.Single(bag.ToSortedList());
        DiagnosticAssert.At(d, DiagnosticCodes.YamlSyntax, "p.yml", 4, 1);
    }
}
