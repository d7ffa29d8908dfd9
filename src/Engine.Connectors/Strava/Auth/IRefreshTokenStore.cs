namespace Engine.Connectors.Strava.Auth;

/// <summary>
/// Durable storage of rotated refresh tokens. Strava invalidates a refresh token as soon as it returns a new one,
/// so <see cref="SaveAsync"/> must have persisted the new token before the caller uses the access token.
/// </summary>
public interface IRefreshTokenStore
{
    /// <summary>Where the tokens are kept, for messages (never the tokens themselves).</summary>
    string Description { get; }

    Task<StoredToken?> GetAsync(string clientId, string athlete, CancellationToken cancellationToken);

    Task SaveAsync(string clientId, string athlete, string refreshToken, string? configuredToken, CancellationToken cancellationToken);

    /// <summary>Forgets an athlete's token (the athlete deauthorized the application).</summary>
    Task RemoveAsync(string clientId, string athlete, CancellationToken cancellationToken);

    /// <summary>The athletes with a stored token for an application (those added by <c>engine auth strava</c>).</summary>
    Task<IReadOnlyList<string>> AthletesAsync(string clientId, CancellationToken cancellationToken);
}
