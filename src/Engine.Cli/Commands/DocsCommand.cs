using System.CommandLine;
using Engine.Web.Docs;

namespace Engine.Cli.Commands;

/// <summary><c>engine docs generate</c>: catalog.json and the static docs site under target/docs/.</summary>
public static class DocsCommand
{
    public static Command Create()
    {
        var generate = new Command("generate", "Write target/catalog.json (columns from the warehouse) and the docs and lineage site under target/docs/");
        CommandGuard.SetAction(generate, async (result, token) =>
        {
            var (catalog, site, nodes) = await DocsGenerator.GenerateAsync(GlobalOptions.Open(result), token).ConfigureAwait(false);
            Console.WriteLine($"Documented {nodes} nodes -> {Path.GetRelativePath(Environment.CurrentDirectory, site)}/index.html; catalog {Path.GetRelativePath(Environment.CurrentDirectory, catalog)}");
            return ExitCodes.Success;
        });
        var command = new Command("docs", "The project's documentation site");
        command.Subcommands.Add(generate);
        return command;
    }
}
