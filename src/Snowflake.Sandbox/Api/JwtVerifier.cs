using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Snowflake.Sandbox.Api;

/// <summary>
/// Checks a key-pair JWT as Snowflake does: RS256, <c>iss = ACCOUNT.USER.SHA256:fingerprint</c> naming a key registered
/// for the user, <c>sub = ACCOUNT.USER</c>, signed by that key, issued at most an hour before it expires, not expired.
/// </summary>
internal sealed class JwtVerifier
{
    private readonly string _account;
    private readonly ConcurrentDictionary<string, SandboxUser> _users = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public JwtVerifier(string account, TimeProvider clock)
    {
        _account = account.ToUpperInvariant();
        _clock = clock;
    }

    public void Register(SandboxUser user) => _users[user.Name.ToUpperInvariant()] = user;

    /// <summary>The user the token authenticates, or null with the reason.</summary>
    public (string? User, string? Problem) Verify(string? authorization, string? tokenType)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return (null, "missing Authorization: Bearer header");
        }

        if (!string.Equals(tokenType, "KEYPAIR_JWT", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "X-Snowflake-Authorization-Token-Type must be KEYPAIR_JWT");
        }

        var parts = authorization["Bearer ".Length..].Trim().Split('.');
        if (parts.Length != 3)
        {
            return (null, "not a JWT");
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url(parts[1]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256")
            {
                return (null, "alg must be RS256");
            }

            var claims = payload.RootElement;
            var issuer = claims.GetProperty("iss").GetString() ?? string.Empty;
            var subject = claims.GetProperty("sub").GetString() ?? string.Empty;
            var issuedAt = claims.GetProperty("iat").GetInt64();
            var expires = claims.GetProperty("exp").GetInt64();
            var at = issuer.IndexOf(".SHA256:", StringComparison.Ordinal);
            if (at < 0 || subject != issuer[..at])
            {
                return (null, "iss must be ACCOUNT.USER.SHA256:<fingerprint> and sub ACCOUNT.USER");
            }

            var dot = subject.IndexOf('.', StringComparison.Ordinal);
            var (account, userName) = dot < 0 ? (subject, string.Empty) : (subject[..dot], subject[(dot + 1)..]);
            if (account != _account || !_users.TryGetValue(userName, out var user) || user.Fingerprint != issuer[(at + 1)..])
            {
                return (null, "no such account, user or public key fingerprint");
            }

            var now = _clock.GetUtcNow().ToUnixTimeSeconds();
            if (expires <= now || expires - issuedAt > 3600 || issuedAt > now + 60)
            {
                return (null, "token expired or lifetime over one hour");
            }

            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(user.PublicKeyDer, out _);
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            return rsa.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                ? (user.Name, null)
                : (null, "bad signature");
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or CryptographicException)
        {
            return (null, "malformed token");
        }
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }
}
