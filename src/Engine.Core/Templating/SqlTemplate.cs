using Engine.Core.Diagnostics;
using Scriban;
using Scriban.Syntax;

namespace Engine.Core.Templating;

/// <summary>A node's template, parsed once and rendered by both passes.</summary>
public sealed class SqlTemplate
{
    private readonly Template _template;

    private SqlTemplate(Template template, string filePath)
    {
        _template = template;
        FilePath = filePath;
    }

    public string FilePath { get; }

    /// <summary>The syntax tree, for <see cref="StaticParseAnalyzer"/>.</summary>
    public ScriptPage Page => _template.Page ?? throw new InvalidOperationException("a template without errors has a page");

    public static SqlTemplate? Parse(string text, string filePath, DiagnosticBag bag)
    {
        // Jinja pasted from dbt: one error per construct with its Scriban form, instead of Scriban's confused messages.
        if (JinjaDetector.Find(text, filePath) is { Count: > 0 } jinja)
        {
            bag.AddRange(jinja);
            return null;
        }

        var template = Template.Parse(text, filePath);
        if (template.HasErrors)
        {
            var first = template.Messages.Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error).OrderBy(m => m.Span.Start.Offset).First();
            if (CommentContinuation.Before(text, first.Span.Start.Line) is { } line)
            {
                // The continued comment is the one root cause; what Scriban says after it is the cascade.
                bag.Add(Diagnostic.Error(
                    DiagnosticCodes.TemplateSyntax,
                    $"template syntax: line {line.Line + 1} is read as code, not as the '#' comment above it: {CommentContinuation.Hint}",
                    new SourceLocation(filePath, line.Line + 1, line.Column + 1)));
                return null;
            }

            // Scriban reports one root cause as several messages at the same place; the first says it best.
            foreach (var group in template.Messages
                .Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error)
                .GroupBy(m => (m.Span.Start.Line, m.Span.Start.Column)))
            {
                bag.Add(TemplateErrors.FromParse(group.First(), filePath));
            }

            return null;
        }

        return new SqlTemplate(template, filePath);
    }

    /// <summary>Renders for one node; a failure becomes a diagnostic at the template's position and yields null.</summary>
    public string? Render(TemplateEnvironment environment, NodeRenderState state, DiagnosticBag bag)
    {
        var context = environment.RentContext(state);
        context.PushGlobal(new ModelScope(state));
        try
        {
            var output = _template.Render(context);
            context.PopGlobal();
            environment.ReturnContext(context);
            return output;
        }
        catch (ScriptRuntimeException e)
        {
            bag.Add(TemplateErrors.FromRuntime(e, FilePath));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // A value of the wrong kind reaching Scriban or a helper: still the template's fault, so say where.
            bag.Add(Diagnostic.Error(DiagnosticCodes.TemplateRuntime, e.Message, TemplateErrors.ToLocation(context.CurrentSpan, FilePath)));
            return null;
        }
    }
}
