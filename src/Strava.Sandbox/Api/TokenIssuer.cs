using System.Security.Cryptography;
using Strava.Sandbox.Data;

namespace Strava.Sandbox.Api;

/// <summary>
/// OAuth state: authorization codes (single use), access tokens (expire), refresh tokens (rotated on every refresh,
/// the old one invalid at once). A refresh returns the same access token while it has more than an hour left.
/// </summary>
public sealed class TokenIssuer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _refresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Athlete, DateTimeOffset ExpiresAt)> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _latestAccess = [];
    private readonly Dictionary<string, (long Athlete, string Scope)> _codes = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime;

    public TokenIssuer(IEnumerable<DemoAthlete> athletes, TimeSpan accessTokenLifetime)
    {
        _lifetime = accessTokenLifetime;
        foreach (var athlete in athletes)
        {
            _refresh[athlete.InitialRefreshToken] = athlete.Id;
        }
    }

    public sealed record Grant(long Athlete, string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken, string? Scope);

    /// <summary>Every access token issued so far (tests check that none leaks into output).</summary>
    public IReadOnlyList<string> IssuedAccessTokens
    {
        get
        {
            lock (_gate)
            {
                return [.. _access.Keys];
            }
        }
    }

    /// <summary>The refresh token currently valid for an athlete (tests use it to play a second client).</summary>
    public string? CurrentRefreshToken(long athlete)
    {
        lock (_gate)
        {
            return _refresh.FirstOrDefault(kv => kv.Value == athlete).Key;
        }
    }

    public string IssueCode(long athlete, string scope)
    {
        lock (_gate)
        {
            var code = NewToken();
            _codes[code] = (athlete, scope);
            return code;
        }
    }

    public Grant? ExchangeCode(string code, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_codes.Remove(code, out var entry))
            {
                return null;
            }

            // A new authorisation replaces every earlier refresh token of the athlete.
            foreach (var old in _refresh.Where(kv => kv.Value == entry.Athlete).Select(kv => kv.Key).ToArray())
            {
                _refresh.Remove(old);
            }

            return Issue(entry.Athlete, now) with { Scope = entry.Scope };
        }
    }

    public Grant? Refresh(string refreshToken, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_refresh.Remove(refreshToken, out var athlete))
            {
                return null;
            }

            return Issue(athlete, now);
        }
    }

    /// <summary>The athlete an access token belongs to, or null when it is unknown or expired.</summary>
    public long? Authenticate(string accessToken, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _access.TryGetValue(accessToken, out var entry) && entry.ExpiresAt > now ? entry.Athlete : null;
        }
    }

    /// <summary>Deauthorization: every token of the athlete stops working, as Strava's <c>/oauth/deauthorize</c> does.</summary>
    public void Revoke(long athlete)
    {
        lock (_gate)
        {
            foreach (var key in _refresh.Where(kv => kv.Value == athlete).Select(kv => kv.Key).ToList())
            {
                _refresh.Remove(key);
            }

            foreach (var key in _access.Where(kv => kv.Value.Athlete == athlete).Select(kv => kv.Key).ToList())
            {
                _access.Remove(key);
            }

            _latestAccess.Remove(athlete);
        }
    }

    private Grant Issue(long athlete, DateTimeOffset now)
    {
        var refresh = NewToken();
        _refresh[refresh] = athlete;
        if (_latestAccess.TryGetValue(athlete, out var current) && _access[current].ExpiresAt - now > TimeSpan.FromHours(1))
        {
            return new Grant(athlete, current, _access[current].ExpiresAt, refresh, null);
        }

        var access = NewToken();
        var expires = now + _lifetime;
        _access[access] = (athlete, expires);
        _latestAccess[athlete] = access;
        return new Grant(athlete, access, expires, refresh, null);
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
