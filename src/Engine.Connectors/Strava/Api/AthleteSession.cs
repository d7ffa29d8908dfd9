namespace Engine.Connectors.Strava.Api;

/// <summary>
/// One athlete's access for the duration of a run: the current access token and how to get a new one when Strava
/// answers 401 to a token that should be valid.
/// </summary>
public sealed class AthleteSession(string name, string accessToken, Func<CancellationToken, Task<string>> refresh)
{
    public string Name { get; } = name;

    internal string AccessToken { get; private set; } = accessToken;

    internal async Task RenewAsync(CancellationToken cancellationToken) => AccessToken = await refresh(cancellationToken).ConfigureAwait(false);

    public override string ToString() => $"AthleteSession({Name})";
}
