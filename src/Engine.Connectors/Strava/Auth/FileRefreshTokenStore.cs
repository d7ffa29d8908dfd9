using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Connectors.Strava.Auth;

/// <summary>
/// Refresh tokens in a JSON file readable by its owner only (mode 0600, folder 0700), by default
/// <c>.engine/strava/tokens.json</c> beside the project. Each save writes a new file, flushes it to disk and renames
/// it over the old one, so a crash leaves either the old token or the new one, never a torn file.
/// </summary>
public sealed class FileRefreshTokenStore(string path) : IRefreshTokenStore
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string Description => Path;

    public async Task<StoredToken?> GetAsync(string clientId, string athlete, CancellationToken cancellationToken)
    {
        var entry = (await ReadAsync(cancellationToken).ConfigureAwait(false))[Key(clientId, athlete)];
        return entry is null ? null : new StoredToken((string)entry["refresh_token"]!, (string?)entry["configured_sha256"]);
    }

    public async Task SaveAsync(string clientId, string athlete, string refreshToken, string? configuredToken, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tokens = await ReadAsync(cancellationToken).ConfigureAwait(false);
            tokens[Key(clientId, athlete)] = new JsonObject
            {
                ["refresh_token"] = refreshToken,
                ["configured_sha256"] = StoredToken.Hash(configuredToken),
                ["updated_at"] = DateTimeOffset.UtcNow.ToString("O"),
            };
            await WriteAsync(tokens, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task RemoveAsync(string clientId, string athlete, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tokens = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (tokens.Remove(Key(clientId, athlete)))
            {
                await WriteAsync(tokens, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Writes the whole file beside the old one and renames it over, so a crash leaves one or the other.</summary>
    private async Task WriteAsync(JsonObject tokens, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await using (var writer = new Utf8JsonWriter(stream))
            {
                tokens.WriteTo(writer);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    public async Task<IReadOnlyList<string>> AthletesAsync(string clientId, CancellationToken cancellationToken)
    {
        var prefix = clientId + "/";
        var tokens = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. tokens.Select(kv => kv.Key).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal)];
    }

    private async Task<JsonObject> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var stream = File.OpenRead(Path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject ?? [];
        }
    }

    private static string Key(string clientId, string athlete) => $"{clientId}/{athlete.ToLowerInvariant()}";
}
