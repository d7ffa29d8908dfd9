using Engine.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>The import's warnings: ENG1901 a construct kept as written (compile stops on it), ENG1902 a setting dropped.</summary>
public sealed class ImportLog(DiagnosticBag bag)
{
    public DiagnosticBag Bag { get; } = bag;

    public void NotConverted(string message, string file, YamlNode? node) =>
        Bag.Add(Diagnostic.Warning(DiagnosticCodes.ImportNotConverted, message, node is null ? SourceLocation.File(file) : Engine.Core.Loading.YamlDocument.At(file, node)));

    public void Dropped(string message, string file, YamlNode? node) =>
        Bag.Add(Diagnostic.Warning(DiagnosticCodes.ImportDropped, message, node is null ? SourceLocation.File(file) : Engine.Core.Loading.YamlDocument.At(file, node)));
}
