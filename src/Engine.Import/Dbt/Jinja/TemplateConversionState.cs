using System.Text;
using Engine.Core.Diagnostics;

namespace Engine.Import.Dbt.Jinja;

/// <summary>
/// Where <see cref="JinjaTemplateConverter"/> is in one template: the open blocks (innermost first), where text goes
/// (a test, snapshot or docs block being taken out, else the template), the blocks taken out so far.
/// </summary>
internal sealed class TemplateConversionState(string filePath, DiagnosticBag log)
{
    public string FilePath { get; } = filePath;

    public DiagnosticBag Log { get; } = log;

    public StringBuilder Root { get; } = new();

    public Stack<TemplateFrame> Frames { get; } = new();

    public List<TemplateBlock> Blocks { get; } = [];

    public string? Top => Frames.Count == 0 ? null : Frames.Peek().Kind;

    public StringBuilder Out => Frames.FirstOrDefault(f => f.Capture is not null)?.Capture ?? Root;

    public void Push(string kind, JinjaToken token, StringBuilder? capture = null, string? name = null, IReadOnlyList<string>? parameters = null) =>
        Frames.Push(new TemplateFrame(kind, token.Line, capture, name, parameters));

    public TemplateFrame Pop() => Frames.Pop();
}
