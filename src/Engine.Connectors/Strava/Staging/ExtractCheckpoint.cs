namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// Where an athlete's last extract window stands. A window is paged newest first, so an interrupted one resumes
/// with <c>before = <see cref="ResumeBefore"/></c> (just after the oldest activity committed) and the same
/// <see cref="After"/>; it is committed with each page, in the page's transaction.
/// </summary>
public sealed record ExtractCheckpoint(long AthleteId, DateTime? After, DateTime? Before, DateTime? ResumeBefore, bool Complete, int Pages);
