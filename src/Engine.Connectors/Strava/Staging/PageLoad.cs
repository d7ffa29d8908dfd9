namespace Engine.Connectors.Strava.Staging;

/// <summary>What one committed page changed: new rows, rows whose content changed, rows already up to date.</summary>
public sealed record PageLoad(int Inserted, int Updated, int Unchanged);
