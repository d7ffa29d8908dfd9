namespace Engine.Connectors.Cdc;

/// <summary>
/// A binary stream met values it cannot pass through as they are (see <c>ChangeStream.CheckBinaryAsync</c>): the sync
/// rolls back what it had not committed and streams again as text. Never reaches the user.
/// </summary>
internal sealed class TextStreamRequiredException(string reason) : Exception(reason);
