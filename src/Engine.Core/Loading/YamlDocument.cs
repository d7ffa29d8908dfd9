using System.Globalization;
using Engine.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>Reads one YAML file into its node tree; a syntax error becomes a diagnostic at its line and column.</summary>
public static class YamlDocument
{
    /// <summary>16 MiB: a sources.yml of thousands of tables is a few MB; past this, a file is a mistake or an attack.</summary>
    public const int MaxChars = 16 * 1024 * 1024;

    /// <summary>The root mapping, an empty mapping for an empty file, or null when the file is unusable.</summary>
    public static YamlMappingNode? LoadMapping(string filePath, string text, DiagnosticBag bag)
    {
        if (text.Length > MaxChars)
        {
            bag.Error(DiagnosticCodes.FileTooLarge,
                $"the file has {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters; YAML files are limited to {MaxChars.ToString("N0", CultureInfo.InvariantCulture)} (16 MiB)", SourceLocation.File(filePath));
            return null;
        }

        if (ControlCharacter(text) is { } control)
        {
            bag.Error(DiagnosticCodes.YamlSyntax,
                $"invalid YAML: control character U+{(int)text[control.Index]:X4} is not allowed in a YAML file", new SourceLocation(filePath, control.Line, control.Column));
            return null;
        }

        var stream = new YamlStream();
        var parser = new BoundedYamlParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed plain scalars (found by the fuzz test) instead of a
            // YamlException; it is still the file's syntax at fault, so it gets the same diagnostic.
            bag.Error(DiagnosticCodes.YamlSyntax, "invalid YAML: the parser could not read past here", At(filePath, parser.LastMark));
            return null;
        }
        catch (YamlLimitException e)
        {
            bag.Error(e.Code, e.Reason, At(filePath, e.Start));
            return null;
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && inner.Message.Length > 0 ? inner.Message : e.Message;
            message = StripPosition(message);
            var location = At(filePath, e.Start);
            if (message.Contains(" tab ", StringComparison.Ordinal) && FirstIndentingTab(text) is { } line)
            {
                // YamlDotNet reports an indenting tab at the start of the file; the user needs the tab's line.
                location = new SourceLocation(filePath, line, 1);
            }

            bag.Error(DiagnosticCodes.YamlSyntax, $"invalid YAML: {message}", location);
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

    /// <summary>
    /// YAML allows tab, line feed and carriage return among the C0 controls and no others (YAML 1.2, 5.1); the
    /// YamlDotNet scanner misreads some of them rather than reporting them, so they are refused up front.
    /// </summary>
    private static (int Index, int Line, int Column)? ControlCharacter(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if ((c < ' ' && c is not '\t' and not '\r') || c is '\u007F' or '\uFFFE' or '\uFFFF')
            {
                return (i, line, i - lineStart + 1);
            }
        }

        return null;
    }

    private static int? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].AsSpan(0, lines[i].Length - lines[i].TrimStart(" \t").Length);
            if (indent.Contains('\t'))
            {
                return i + 1;
            }
        }

        return null;
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: ..) - (...): "; the diagnostic already says where.
    private static string StripPosition(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
