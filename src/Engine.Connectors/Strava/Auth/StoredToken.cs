using System.Security.Cryptography;
using System.Text;

namespace Engine.Connectors.Strava.Auth;

/// <summary>
/// An athlete's latest refresh token and a hash of the configured token it descends from: when the configured token
/// changes (the user pasted a new one), the configured one wins again; otherwise the stored, rotated one does.
/// </summary>
public sealed class StoredToken(string refreshToken, string? configuredHash)
{
    public string RefreshToken { get; } = refreshToken;

    public string? ConfiguredHash { get; } = configuredHash;

    public static string? Hash(string? token) =>
        token is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The refresh token to use: the stored one while the configuration is unchanged, else the configured one.</summary>
    public static string? Choose(string? configured, StoredToken? stored) =>
        stored is null ? configured
        : configured is null || Hash(configured) == stored.ConfiguredHash ? stored.RefreshToken
        : configured;

    public override string ToString() => "StoredToken(***)";
}
