using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Engine.Warehouse.Snowflake.Api;

/// <summary>
/// Snowflake's key-pair authentication: an RS256 JWT with <c>iss = ACCOUNT.USER.SHA256:&lt;base64 SHA-256 of the public
/// key's DER&gt;</c> and <c>sub = ACCOUNT.USER</c> (account locator without region, both upper case), valid for an hour at
/// most and renewed five minutes before it expires. The token and the key never reach a log or a message.
/// </summary>
public sealed class KeyPairJwt : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(59);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly RSA _key;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private string? _token;
    private DateTimeOffset _expires;

    public KeyPairJwt(string account, string user, RSA key, TimeProvider? clock = null)
    {
        _key = key;
        _clock = clock ?? TimeProvider.System;
        Account = AccountLocator(account);
        User = user.ToUpperInvariant();
        Fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    public string Account { get; }

    public string User { get; }

    public string Fingerprint { get; }

    /// <summary>The current token, a new one when the last is within five minutes of expiry.</summary>
    public string Token()
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_token is null || now >= _expires - RenewBefore)
            {
                _expires = now + Lifetime;
                _token = Sign(now, _expires);
            }

            return _token;
        }
    }

    /// <summary>Forgets the token, so the next request signs a new one (after a 401).</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _token = null;
        }
    }

    /// <summary>The account part of the JWT: upper case, without region or cloud (<c>xy12345.eu-west-1</c> → <c>XY12345</c>).</summary>
    public static string AccountLocator(string account)
    {
        var locator = account.Trim();
        var dot = locator.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? locator : locator[..dot]).ToUpperInvariant();
    }

    public void Dispose() => _key.Dispose();

    private string Sign(DateTimeOffset issued, DateTimeOffset expires)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" }.ToJsonString()));
        var payload = Base64Url(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["iss"] = $"{Account}.{User}.{Fingerprint}",
            ["sub"] = $"{Account}.{User}",
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        }.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
