namespace Strava.Sandbox.Data;

/// <summary>
/// A change an athlete makes to an activity after uploading it (kudos arriving, a rename, a corrected sport type,
/// a privacy change). It shows from <see cref="At"/> on, so incremental extracts have edits to find.
/// </summary>
public sealed record ActivityEdit(DateTimeOffset At, long ActivityId)
{
    public string? Name { get; init; }
    public int KudosDelta { get; init; }
    public string? SportType { get; init; }
    public string? Visibility { get; init; }

    public DemoActivity Apply(DemoActivity activity) => activity with
    {
        Name = Name ?? activity.Name,
        KudosCount = activity.KudosCount + KudosDelta,
        SportType = SportType ?? activity.SportType,
        Visibility = Visibility ?? activity.Visibility,
    };
}
