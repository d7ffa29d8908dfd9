using System.Security.Cryptography;

namespace Snowflake.Sandbox;

/// <summary>A user registered with the stand-in and the RSA public key its JWTs are verified with (as <c>ALTER USER ... SET RSA_PUBLIC_KEY</c>).</summary>
public sealed record SandboxUser(string Name, byte[] PublicKeyDer)
{
    /// <summary>Snowflake's fingerprint of the key: <c>SHA256:</c> and the base64 SHA-256 of its DER (SubjectPublicKeyInfo).</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(PublicKeyDer));

    public static SandboxUser For(string name, RSA key) => new(name.ToUpperInvariant(), key.ExportSubjectPublicKeyInfo());
}
