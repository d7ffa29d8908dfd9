namespace Engine.Connectors.Strava;

/// <summary>
/// A problem that ends the extract of one athlete or the whole run, with its diagnostic code. Messages never carry
/// tokens or secrets: they name the athlete, the endpoint and Strava's fault, nothing the request was signed with.
/// </summary>
public sealed class StravaExtractException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;

    /// <summary>The HTTP status Strava answered, when the problem is an answer (a 404 means the object is gone).</summary>
    public int? HttpStatus { get; init; }
}
