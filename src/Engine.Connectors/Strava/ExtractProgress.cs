namespace Engine.Connectors.Strava;

/// <summary>Progress of a run, reported after each page and on every retry or rate-limit wait.</summary>
public sealed record ExtractProgress(string Athlete, int Pages, int Activities, int? RateLimitLeft15Min, int? RateLimitLeftDaily, string? Notice = null);
