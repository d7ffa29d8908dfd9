using Engine.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>Reads one YAML file into its node tree; a syntax error becomes a diagnostic at its line and column.</summary>
public static class YamlDocument
{
    /// <summary>The root mapping, an empty mapping for an empty file, or null when the file is unusable.</summary>
    public static YamlMappingNode? LoadMapping(string filePath, string text, DiagnosticBag bag)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && inner.Message.Length > 0 ? inner.Message : e.Message;
            message = StripPosition(message);
            bag.Error(DiagnosticCodes.YamlSyntax, $"invalid YAML: {message}", At(filePath, e.Start));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlMappingNode();
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            bag.Error(DiagnosticCodes.InvalidValue, "the file must hold a mapping of keys to values", At(filePath, stream.Documents[0].RootNode.Start));
            return null;
        }

        return root;
    }

    public static SourceLocation At(string filePath, Mark mark) =>
        new(filePath, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    public static SourceLocation At(string filePath, YamlNode node) => At(filePath, node.Start);

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: ..) - (...): "; the diagnostic already says where.
    private static string StripPosition(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
