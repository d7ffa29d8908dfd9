namespace Engine.Cli.Tests.Project;

/// <summary>One expected dim_athlete version: the change-log row that started it and its validity interval.</summary>
public sealed record AthleteVersion(DatasetAthlete Row, int Version, DateTime ValidFrom, DateTime? ValidTo, Between ChangedAt)
{
    public string Key => SurrogateKey.Of(Row.Id, Version);

    public bool ValidAt(DateTime instant) => ValidFrom <= instant && (ValidTo is null || instant < ValidTo);
}
