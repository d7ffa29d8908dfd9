using System.Security.Cryptography;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Snowflake;
using Engine.Warehouse.Snowflake.Api;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

/// <summary>The adapter's handling of a target's keys: missing and unreadable private keys are located errors that never echo a secret.</summary>
public sealed class SnowflakeAdapterTests
{
    private static readonly WarehouseEnvironment Environment = new("/p", "/p/.engine", name => name == "KEY_PASS" ? "s3cret-passphrase" : null);

    private static TargetConfig Prod(params (string Key, string Value)[] settings) =>
        new("prod", "snowflake", new SourceLocation("/p/pipeline.yml", 9, 3))
        {
            Database = "ANALYTICS",
            Settings = settings.ToDictionary(s => s.Key, s => new TargetSetting(s.Value, new SourceLocation("/p/pipeline.yml", 10, 5))).ToImmutableDictionaryOrdinal(),
        };

    [Fact]
    public async Task A_target_without_a_key_and_no_stand_in_needs_one()
    {
        var error = await Assert.ThrowsAsync<ProjectException>(() => new SnowflakeAdapter().ConnectAsync(Prod(("account", "xy12345"), ("user", "engine")), Environment, CancellationToken.None));

        var d = Assert.Single(error.Diagnostics);
        Assert.Equal((DiagnosticCodes.MissingKey, "/p/pipeline.yml", 9), (d.Code, d.Location!.FilePath, d.Location.Line));
        Assert.Contains("private_key_path", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_is_named()
    {
        var error = await Assert.ThrowsAsync<ProjectException>(() => new SnowflakeAdapter().ConnectAsync(
            Prod(("account", "xy12345"), ("user", "engine"), ("private_key_path", "/nonexistent/rsa_key.p8")), Environment, CancellationToken.None));

        Assert.Contains("'/nonexistent/rsa_key.p8' does not exist", Assert.Single(error.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_key_with_a_wrong_passphrase_fails_without_echoing_key_or_passphrase()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportEncryptedPkcs8PrivateKeyPem("the-right-one", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        var path = Path.Combine(Path.GetTempPath(), $"engine-test-{Guid.NewGuid():N}.p8");
        await File.WriteAllTextAsync(path, pem);
        try
        {
            var error = await Assert.ThrowsAsync<ProjectException>(() => new SnowflakeAdapter().ConnectAsync(
                Prod(("account", "xy12345"), ("user", "engine"), ("private_key_path", path), ("private_key_passphrase", "${KEY_PASS}")), Environment, CancellationToken.None));

            var message = Assert.Single(error.Diagnostics).Message;
            Assert.Contains("could not be read", message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-passphrase", message, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_passphrase_written_in_pipeline_yml_is_refused_without_echoing_it()
    {
        var bag = new DiagnosticBag();
        new SnowflakeAdapter().Validate(Prod(("account", "xy12345"), ("user", "engine"), ("private_key_passphrase", "hunter2")), bag);

        var d = Assert.Single(bag.ToSortedList());
        Assert.DoesNotContain("hunter2", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xy12345", "XY12345")]
    [InlineData("xy12345.eu-west-1.aws", "XY12345")]
    [InlineData("myorg-account1", "MYORG-ACCOUNT1")]
    public void The_jwt_names_the_account_locator_in_upper_case(string account, string locator) =>
        Assert.Equal(locator, KeyPairJwt.AccountLocator(account));

    [Fact]
    public void The_jwt_carries_issuer_subject_and_fingerprint_as_snowflake_documents()
    {
        using var rsa = RSA.Create(2048);
        using var jwt = new KeyPairJwt("xy12345.eu-west-1", "engine_ci", rsa);
        var payload = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(Pad(jwt.Token().Split('.')[1]))).RootElement;
        var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));

        Assert.Equal($"XY12345.ENGINE_CI.{fingerprint}", payload.GetProperty("iss").GetString());
        Assert.Equal("XY12345.ENGINE_CI", payload.GetProperty("sub").GetString());
        Assert.InRange(payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64(), 60, 3600);
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }
}

internal static class DictionaryExtensions
{
    public static System.Collections.Immutable.ImmutableDictionary<string, TargetSetting> ToImmutableDictionaryOrdinal(this Dictionary<string, TargetSetting> settings) =>
        System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, settings);
}
