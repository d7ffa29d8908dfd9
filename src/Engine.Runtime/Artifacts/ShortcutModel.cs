using Engine.Core.Loading;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// A model file as the compile the shortcut continues saw it: its stamp and text digest, and <paramref name="Render"/>
/// (a <see cref="ShortcutRender"/>, encoded) when an edit of its SQL alone may be compiled without the rest of the
/// project; empty otherwise. Kept encoded: only an edited model's is ever decoded.
/// </summary>
public sealed record ShortcutModel(string RelativePath, FileStamp? Stamp, string TextHash, ReadOnlyMemory<byte> Render);
