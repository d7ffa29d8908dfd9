using Engine.Core.Compilation.Caching;
using Engine.Core.Diagnostics;

namespace Engine.Core.Loading;

/// <summary>
/// A model file's text and its digest (<see cref="CompileCache.Hash"/>). A file whose <see cref="FileStamp"/> matches the
/// one stored by the last compile (<see cref="FileStamps"/>) is not read at load: its digest is the stored one, which is
/// all a reused parse, render and manifest entry ask for, and its text is read only if something needs it (a render
/// that must run again). That late read must give the digest it stood for; a file changed in between is an error,
/// never a mix of two versions.
/// </summary>
public sealed class SourceText
{
    private readonly string? _fullPath;
    private string? _text;
    private string? _hash;
    private bool? _volatile;

    private SourceText(string? fullPath, string? text, string? hash, bool? isVolatile, FileStamp? stamp)
    {
        _fullPath = fullPath;
        _text = text;
        _hash = hash;
        _volatile = isVolatile;
        Stamp = stamp;
    }

    /// <summary>The file's stamp taken before it was read (or as stored, when not read); null for text not from a file.</summary>
    public FileStamp? Stamp { get; }

    /// <summary>Whether the text was read in this process (false: its digest came from the stored stamps).</summary>
    public bool WasRead => _text is not null;

    public string Text => _text ?? ReadLate();

    public string Hash => _hash ??= CompileCache.Hash(Text);

    /// <summary>Whether the text may read the clock or a random source (<see cref="CompileCache.IsVolatile"/>).</summary>
    public bool IsVolatile => _volatile ??= CompileCache.IsVolatile(Text);

    public static SourceText Of(string text, FileStamp? stamp = null) => new(null, text, null, null, stamp);

    public static SourceText Unread(string fullPath, string hash, bool isVolatile, FileStamp stamp) => new(fullPath, null, hash, isVolatile, stamp);

    public override string ToString() => Text;

    private string ReadLate()
    {
        var bag = new DiagnosticBag();
        var text = ProjectText.Read(_fullPath!, bag);
        if (text is null || CompileCache.Hash(text) != _hash)
        {
            throw new ProjectException(DiagnosticCodes.InvalidValue,
                "the file changed while it was being compiled; compile again", SourceLocation.File(_fullPath!));
        }

        return _text = text;
    }
}
