namespace Engine.Connectors.Strava.Api;

/// <summary>
/// The requests and reads of one athlete's part of a run (<see cref="StravaApiClient.StartTally"/>): with athletes
/// extracted at once, the client's totals mix them, so each counts its own.
/// </summary>
public sealed class RequestTally
{
    private int _requests;
    private int _reads;

    public int Requests => Volatile.Read(ref _requests);

    public int Reads => Volatile.Read(ref _reads);

    internal void Request(bool read)
    {
        Interlocked.Increment(ref _requests);
        if (read)
        {
            Interlocked.Increment(ref _reads);
        }
    }
}
