namespace Strava.Sandbox.Data;

/// <summary>
/// The sandbox's data: athletes with profile timelines, their activities (newest first) and the edits made to them.
/// Activities and edits dated after the clock's now exist but are not visible yet; moving the clock reveals them.
/// </summary>
public sealed class DemoDataset
{
    private readonly Dictionary<long, DemoActivity[]> _newestFirst = [];
    private readonly Dictionary<long, DemoActivity> _byId = [];
    private readonly Dictionary<long, IReadOnlyList<ProfileVersion>> _profiles = [];
    private readonly Dictionary<long, List<ActivityEdit>> _edits = [];
    private readonly Lock _editsGate = new();

    private DemoDataset(IReadOnlyList<DemoAthlete> athletes) => Athletes = athletes;

    public IReadOnlyList<DemoAthlete> Athletes { get; }

    public static DemoDataset Generate(SandboxOptions options)
    {
        var today = DateOnly.FromDateTime(options.Clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-options.HistoryDays);
        var last = today.AddDays(options.FutureDays);
        var dataset = new DemoDataset(DemoAthletes.Create(options.Athletes, options.Seed));
        foreach (var athlete in dataset.Athletes)
        {
            var timeline = ProfileVersion.Timeline(athlete, options.Seed, first, last);
            dataset._profiles[athlete.Id] = timeline;
            var activities = new List<DemoActivity>();
            for (var (day, i) = (first, 0); day <= last; day = day.AddDays(1), i++)
            {
                var count = SlotsOn(options, athlete, day, i);
                var profile = ProfileVersion.At(timeline, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
                for (var slot = 0; slot < count; slot++)
                {
                    var (activity, edits) = ActivityGenerator.Create(athlete, options.Seed, day, slot, count, profile);
                    activities.Add(activity);
                    dataset._byId[activity.Id] = activity;
                    if (edits.Count > 0)
                    {
                        dataset._edits[activity.Id] = [.. edits];
                    }
                }
            }

            activities.Reverse();
            dataset._newestFirst[athlete.Id] = [.. activities];
        }

        return dataset;
    }

    public DemoAthlete? Athlete(long id) => Athletes.FirstOrDefault(a => a.Id == id);

    public ProfileVersion Profile(long athleteId, DateTimeOffset now) => ProfileVersion.At(_profiles[athleteId], now);

    /// <summary>The profile changes of an athlete, oldest first (the first is the initial profile).</summary>
    public IReadOnlyList<ProfileVersion> ProfileTimeline(long athleteId) => _profiles[athleteId];

    /// <summary>
    /// One page of an athlete's activities visible at <paramref name="now"/>, newest first, as the list endpoint
    /// returns them: <paramref name="before"/> and <paramref name="after"/> are exclusive epoch-second bounds on the start date.
    /// </summary>
    public IReadOnlyList<DemoActivity> Page(long athleteId, DateTimeOffset now, long? before, long? after, int page, int perPage)
    {
        var all = _newestFirst[athleteId];
        var upper = Math.Min(now.ToUnixTimeSeconds() + 1, before ?? long.MaxValue);
        var lower = after ?? long.MinValue;
        var from = FirstIndexBelow(all, upper);
        var to = FirstIndexBelow(all, lower + 1);
        var skip = (long)(page - 1) * perPage;
        var start = from + skip;
        if (start >= to)
        {
            return [];
        }

        var end = (int)Math.Min(to, start + perPage);
        var result = new DemoActivity[end - (int)start];
        for (var i = (int)start; i < end; i++)
        {
            result[i - (int)start] = Current(all[i], now);
        }

        return result;
    }

    /// <summary>Every activity of an athlete visible at <paramref name="now"/>, with the edits made by then.</summary>
    public IReadOnlyList<DemoActivity> Visible(long athleteId, DateTimeOffset now) =>
        Page(athleteId, now, before: null, after: null, page: 1, perPage: int.MaxValue);

    public DemoActivity? Find(long id, DateTimeOffset now) =>
        _byId.TryGetValue(id, out var activity) && activity.StartDate <= now ? Current(activity, now) : null;

    /// <summary>Deletes an activity (tests and demos): it leaves the lists and <see cref="Find"/> no longer returns it.</summary>
    public void Delete(long activityId)
    {
        lock (_editsGate)
        {
            if (_byId.Remove(activityId, out var activity))
            {
                _newestFirst[activity.AthleteId] = [.. _newestFirst[activity.AthleteId].Where(a => a.Id != activityId)];
            }
        }
    }

    /// <summary>Records an edit (tests and demos); it shows from <see cref="ActivityEdit.At"/> on.</summary>
    public void Edit(ActivityEdit edit)
    {
        if (!_byId.ContainsKey(edit.ActivityId))
        {
            throw new ArgumentException($"no activity {edit.ActivityId}", nameof(edit));
        }

        lock (_editsGate)
        {
            if (!_edits.TryGetValue(edit.ActivityId, out var list))
            {
                _edits[edit.ActivityId] = list = [];
            }

            list.Add(edit);
        }
    }

    /// <summary>The edits that take effect in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IReadOnlyList<ActivityEdit> EditsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_editsGate)
        {
            return _edits.Values.SelectMany(e => e).Where(e => e.At > from && e.At <= to).ToArray();
        }
    }

    private DemoActivity Current(DemoActivity activity, DateTimeOffset now)
    {
        lock (_editsGate)
        {
            if (!_edits.TryGetValue(activity.Id, out var edits))
            {
                return activity;
            }

            foreach (var edit in edits)
            {
                if (edit.At <= now)
                {
                    activity = edit.Apply(activity);
                }
            }

            return activity;
        }
    }

    /// <summary>The first index (in the newest-first array) whose start is before <paramref name="bound"/>.</summary>
    private static int FirstIndexBelow(DemoActivity[] newestFirst, long bound)
    {
        int lo = 0, hi = newestFirst.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (newestFirst[mid].StartEpoch < bound)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private static int SlotsOn(SandboxOptions options, DemoAthlete athlete, DateOnly day, int index)
    {
        if (options.ActivitiesPerAthlete is { } total)
        {
            // Exactly `total` over the history days, the same rate after them.
            var days = (long)options.HistoryDays;
            return (int)(((index + 1) * (long)total / days) - (index * (long)total / days));
        }

        var roll = Mix.Hash(options.Seed, athlete.Index, 3, day.DayNumber) % 100;
        return roll switch { < 35 => 0, < 85 => 1, _ => 2 };
    }
}
