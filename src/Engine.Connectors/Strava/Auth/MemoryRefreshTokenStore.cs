using System.Collections.Concurrent;

namespace Engine.Connectors.Strava.Auth;

/// <summary>Tokens kept for the life of the process: the in-process sandbox's, whose tokens die with it.</summary>
public sealed class MemoryRefreshTokenStore : IRefreshTokenStore
{
    private readonly ConcurrentDictionary<(string, string), StoredToken> _tokens = new();

    public string Description => "memory (sandbox)";

    public Task<StoredToken?> GetAsync(string clientId, string athlete, CancellationToken cancellationToken) =>
        Task.FromResult(_tokens.TryGetValue((clientId, athlete), out var token) ? token : null);

    public Task SaveAsync(string clientId, string athlete, string refreshToken, string? configuredToken, CancellationToken cancellationToken)
    {
        _tokens[(clientId, athlete)] = new StoredToken(refreshToken, StoredToken.Hash(configuredToken));
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string clientId, string athlete, CancellationToken cancellationToken)
    {
        _tokens.TryRemove((clientId, athlete), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> AthletesAsync(string clientId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _tokens.Keys.Where(k => k.Item1 == clientId).Select(k => k.Item2).Order(StringComparer.Ordinal)]);
}
