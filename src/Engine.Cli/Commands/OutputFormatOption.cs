using System.CommandLine;

namespace Engine.Cli.Commands;

/// <summary>The <c>--output text|json</c> option of the commands that print a report either way (<c>runs</c>, <c>freshness</c>).</summary>
public static class OutputFormatOption
{
    public static Option<string> TextOrJson()
    {
        var output = new Option<string>("--output", "-o") { Description = "text or json", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        return output;
    }
}
