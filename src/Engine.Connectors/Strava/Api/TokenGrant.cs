using System.Text.Json;

namespace Engine.Connectors.Strava.Api;

/// <summary>
/// The answer of <c>POST /oauth/token</c>. A class with its own <see cref="ToString"/>, not a record, so the tokens
/// can never be printed by accident.
/// </summary>
public sealed class TokenGrant
{
    private TokenGrant(string accessToken, string refreshToken, DateTimeOffset expiresAt)
    {
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        ExpiresAt = expiresAt;
    }

    public string AccessToken { get; }

    public string RefreshToken { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The athlete, present after an authorization-code exchange only.</summary>
    public long? AthleteId { get; private init; }

    public string? AthleteFirstName { get; private init; }

    public static TokenGrant Parse(JsonElement body)
    {
        var access = body.GetProperty("access_token").GetString();
        var refresh = body.GetProperty("refresh_token").GetString();
        if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(refresh))
        {
            throw new JsonException("the token response has no access_token or refresh_token");
        }

        var athlete = body.TryGetProperty("athlete", out var a) && a.ValueKind == JsonValueKind.Object ? a : (JsonElement?)null;
        return new TokenGrant(access, refresh, DateTimeOffset.FromUnixTimeSeconds(body.GetProperty("expires_at").GetInt64()))
        {
            AthleteId = athlete?.GetProperty("id").GetInt64(),
            AthleteFirstName = athlete is { } x && x.TryGetProperty("firstname", out var f) ? f.GetString() : null,
        };
    }

    public override string ToString() => $"TokenGrant(expires {ExpiresAt:u})";
}
