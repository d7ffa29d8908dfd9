namespace Engine.Cli.Tests.Project;

/// <summary>An expected instant known only to lie in a window (a commit time, a run's start): bounds inclusive.</summary>
public sealed record Between(DateTime From, DateTime To)
{
    /// <summary>The window of something that happened while <paramref name="action"/> ran, widened to whole milliseconds.</summary>
    public static async Task<Between> AroundAsync(Func<Task> action)
    {
        var from = DateTime.UtcNow;
        await action();
        var to = DateTime.UtcNow;
        return new(Floor(from), Floor(to).AddMilliseconds(1));
    }

    public bool Contains(DateTime value) => value.Ticks >= From.Ticks && value.Ticks <= To.Ticks;

    public override string ToString() => $"between {From:O} and {To:O}";

    private static DateTime Floor(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
