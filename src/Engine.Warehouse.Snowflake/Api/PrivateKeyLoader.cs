using System.Security.Cryptography;

namespace Engine.Warehouse.Snowflake.Api;

/// <summary>
/// Reads the private key of key-pair authentication: PEM text (PKCS#8, encrypted PKCS#8 with a passphrase, or PKCS#1)
/// from a file or from a setting. Errors name where the key came from, never its content or the passphrase.
/// </summary>
public static class PrivateKeyLoader
{
    public static RSA FromPem(string pem, string? passphrase, string origin)
    {
        var rsa = RSA.Create();
        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(passphrase))
                {
                    throw new SnowflakeKeyException($"the private key in {origin} is encrypted: set private_key_passphrase to a ${{NAME}} reference");
                }

                rsa.ImportFromEncryptedPem(pem, passphrase);
            }
            else
            {
                rsa.ImportFromPem(pem);
            }

            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new SnowflakeKeyException($"the private key in {origin} could not be read (a PEM RSA private key, PKCS#8 or PKCS#1; a wrong passphrase gives this too)");
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public static RSA FromFile(string path, string? passphrase)
    {
        if (!File.Exists(path))
        {
            throw new SnowflakeKeyException($"private_key_path '{path}' does not exist");
        }

        return FromPem(File.ReadAllText(path), passphrase, $"'{path}'");
    }
}
