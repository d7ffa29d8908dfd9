using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Engine.Connectors.Strava.Config;

/// <summary>
/// The Strava application and its athletes, from the settings (environment, <c>.env</c>, user secrets), never YAML:
/// <c>STRAVA__CLIENT_ID</c>, <c>STRAVA__CLIENT_SECRET</c>, optional <c>STRAVA__BASE_URL</c>, and per athlete
/// <c>STRAVA__ATHLETES__&lt;NAME&gt;__REFRESH_TOKEN</c>. Athlete names are lower-cased.
/// </summary>
public sealed class StravaCredentials
{
    public static readonly Uri DefaultBaseAddress = new("https://www.strava.com/");

    public StravaCredentials(string clientId, string clientSecret, Uri baseAddress, ImmutableSortedDictionary<string, string?> athletes)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        BaseAddress = baseAddress;
        Athletes = athletes;
    }

    public string ClientId { get; }

    public string ClientSecret { get; }

    public Uri BaseAddress { get; }

    /// <summary>Athlete name → configured refresh token (null when the athlete only has a stored token).</summary>
    public ImmutableSortedDictionary<string, string?> Athletes { get; }

    /// <summary>The credentials of section <c>Strava</c>, or null when no client id is configured (the sandbox is used then).</summary>
    public static StravaCredentials? From(IConfigurationSection section)
    {
        var clientId = section["CLIENT_ID"];
        if (string.IsNullOrWhiteSpace(clientId))
        {
            return null;
        }

        var secret = section["CLIENT_SECRET"];
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new StravaExtractException(DiagnosticCodes.StravaCredentials,
                "STRAVA__CLIENT_ID is set but STRAVA__CLIENT_SECRET is not (set it in the environment, .env or user secrets)");
        }

        var url = section["BASE_URL"];
        Uri baseAddress = DefaultBaseAddress;
        if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out baseAddress!))
        {
            throw new StravaExtractException(DiagnosticCodes.StravaCredentials, $"STRAVA__BASE_URL '{url}' is not an absolute URL");
        }

        var athletes = section.GetSection("ATHLETES").GetChildren()
            .ToImmutableSortedDictionary(a => a.Key.ToLowerInvariant(), a => a["REFRESH_TOKEN"], StringComparer.Ordinal);
        return new StravaCredentials(clientId.Trim(), secret.Trim(), baseAddress, athletes);
    }

    public override string ToString() => $"StravaCredentials(client {ClientId}, {Athletes.Count} athletes)";
}
