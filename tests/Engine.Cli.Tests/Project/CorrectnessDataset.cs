namespace Engine.Cli.Tests.Project;

/// <summary>
/// The hand-made dataset of the correctness test: 3 athletes of one country, 16 months of activities, then (phase 2)
/// profile changes, an edit, a deletion and new activities. Each case a model has got wrong before is here on purpose:
/// ids above 2^31, a manual entry without GPS, an indoor ride, activities either side of midnight UTC at a month end
/// (with a local date of the next day), a profile change exactly at a month boundary (with an activity starting at
/// that very instant), months with tied distances,
/// a month without activity, text needing trim/lowercase, changes that are not profile changes and a deleted athlete.
/// </summary>
public static class CorrectnessDataset
{
    public const long Anna = 1001;
    public const long Bruno = 1002;
    public const long Chloe = 1003;

    /// <summary>An athlete without activities whom phase 2 deletes: dim_athlete keeps her last version, current.</summary>
    public const long Dana = 1004;

    /// <summary>The activity whose distance and name phase 2 edits, and the one it deletes.</summary>
    public const long EditedId = 5009;
    public const long DeletedId = 5013;

    public static IReadOnlyList<DatasetAthlete> InitialAthletes { get; } =
    [
        new(Anna, " Anna ", "Berg", "Paris", "Ile-de-France", "France", "F", Premium: true, Summit: true, 58.5, Utc(2019, 5, 1), Utc(2023, 12, 1, 9)),
        new(Bruno, "Bruno", "COSTA", "Marseille", "Provence-Alpes-Cote d'Azur", "France", "m ", Premium: false, Summit: false, 72.0, Utc(2020, 2, 2), Utc(2023, 11, 11, 18)),
        new(Chloe, "Chloe", "Dubois", null, " ", "France", "", Premium: true, Summit: false, null, Utc(2021, 3, 3), Utc(2023, 10, 10, 10)),
        new(Dana, "Dana", "Evans", "Lille", "Hauts-de-France", "France", "F", Premium: false, Summit: false, 64, Utc(2022, 4, 4), Utc(2023, 9, 9, 9)),
    ];

    /// <summary>
    /// Phase 2 profile updates, one transaction each, in this order. Anna moves to Lyon, then changes weight; Bruno's
    /// weight changes exactly at 2024-08-01 00:00 UTC, then only his follower count (no profile change); Chloe's
    /// first name changes case only (the same cleaned profile).
    /// </summary>
    public static IReadOnlyList<DatasetAthlete> AthleteUpdates { get; } =
    [
        InitialAthletes[0] with { City = "Lyon", State = "Auvergne-Rhone-Alpes", UpdatedAt = Utc(2024, 6, 15, 10) },
        InitialAthletes[1] with { Weight = 70.5, UpdatedAt = Utc(2024, 8, 1) },
        InitialAthletes[0] with { City = "Lyon", State = "Auvergne-Rhone-Alpes", Weight = 60.25, UpdatedAt = Utc(2024, 11, 20, 8, 30) },
        InitialAthletes[1] with { Weight = 70.5, FollowerCount = 99, UpdatedAt = Utc(2024, 9, 9, 9) },
        InitialAthletes[2] with { Firstname = "CHLOE", UpdatedAt = Utc(2024, 10, 1, 12) },
    ];

    public static IReadOnlyList<DatasetActivity> InitialActivities { get; } =
    [
        // Anna: 2023-09 .. 2024-12, nothing in 2024-01.
        Run(5001, Anna, Utc(2023, 9, 3, 7), 10000, "Morning Run", "Paris", "Ile-de-France", "France"),
        new(5002, Anna, "Sunday Ride", "Ride", "Ride", Utc(2023, 9, 17, 8), 30000, 4000, 310, "Paris", "Ile-de-France", "France", UploadId: 17000000002, ExternalId: "garmin_push_5002", Kudos: 4),
        Run(5003, Anna, Utc(2023, 10, 8, 7), 12000, "  Long RUN  ", " PARIS ", "ile-de-france", "FRANCE"),
        Run(5004, Anna, Utc(2023, 11, 12, 7), 8000, "Easy run"),
        new(5005, Anna, "Zwift - Watopia", "VirtualRide", "VirtualRide", Utc(2023, 12, 24, 18), 40000, 4200, 0, Trainer: true, Gps: false, UploadId: 17000000005, ExternalId: "zwift-activity-5005.fit", Kudos: 2),
        Run(5006, Anna, Utc(2024, 2, 4, 7), 15000, "Tempo", "Paris", "Ile-de-France", "France"),
        Run(5007, Anna, Utc(2024, 2, 18, 7), 15000, "Tempo 2", "Paris", "Ile-de-France", "France"),
        new(5008, Anna, "Gym session", "Workout", "Workout", Utc(2024, 3, 10, 17), 0, 3600, 0, Manual: true, Gps: false),
        Run(EditedId, Anna, Utc(2024, 4, 21, 6), 21097.5, "Half marathon", "Paris", "Ile-de-France", "France"),
        new(5010, Anna, "Alps hike", "Hike", "Hike", Utc(2024, 5, 30, 6), 14000, 18000, 900, "Annecy", "Auvergne-Rhone-Alpes", "France", UploadId: 17000000010, ExternalId: "garmin_push_5010"),
        Run(5011, Anna, Utc(2024, 6, 14, 23, 30), 9000, "Night run", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Run(5012, Anna, Utc(2024, 6, 20, 7), 11000, "Lyon run", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        new(DeletedId, Anna, "Long ride", "Ride", "Ride", Utc(2024, 7, 7, 7), 50000, 7200, 640, "Lyon", "Auvergne-Rhone-Alpes", "France", UploadId: 17000000013, ExternalId: "garmin_push_5013"),
        Run(5014, Anna, Utc(2024, 8, 15, 7), 20000, "Sunday long run", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Run(5015, Anna, Utc(2024, 9, 30, 23, 55), 6000, "Midnight run", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Run(5016, Anna, Utc(2024, 10, 1, 0, 5), 7000, "After midnight", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Run(5017, Anna, Utc(2024, 11, 19, 7), 10000, "Before weigh-in", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Run(5018, Anna, Utc(2024, 11, 25, 7), 10000, "After weigh-in", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Run(16195505756, Anna, Utc(2024, 12, 1, 7), 5000, "Big id run", "Lyon", "Auvergne-Rhone-Alpes", "France"),

        // Bruno: rides around Marseille, either side of his profile change at 2024-08-01 00:00 UTC.
        Ride(6001, Bruno, Utc(2023, 10, 5, 8), 60000, "Marseille", "Provence-Alpes-Cote d'Azur", "France"),
        Ride(6002, Bruno, Utc(2023, 12, 10, 8), 45000, "Nice", "Provence-Alpes-Cote d'Azur", "France"),
        Run(6003, Bruno, Utc(2024, 2, 14, 18), 10000, "Valentine run", null, null, "France"),
        Ride(6004, Bruno, Utc(2024, 4, 1, 8), 80000, "Toulouse", "Occitanie", "France"),
        Ride(6005, Bruno, Utc(2024, 7, 31, 23, 50), 30000, "Marseille", "Provence-Alpes-Cote d'Azur", "France"),
        Ride(6006, Bruno, Utc(2024, 8, 1, 0, 10), 25000, "Marseille", "Provence-Alpes-Cote d'Azur", "France"),
        Run(6012, Bruno, Utc(2024, 8, 1), 4000, "Run at the very instant of his profile change"),
        Run(6007, Bruno, Utc(2024, 8, 20, 18), 1000, "Short run"),
        new(6008, Bruno, "Pool", "Swim", "Swim", Utc(2024, 10, 10, 12), 1500, 1800, 0, Gps: false, UploadId: 17000006008, ExternalId: "garmin_push_6008"),
        new(6009, Bruno, "Trainer intervals", "Ride", "Ride", Utc(2024, 11, 3, 18), 30000, 3600, 0, Trainer: true, Gps: false, UploadId: 17000006009, ExternalId: "garmin_push_6009"),

        // Chloe: a type without sport_type, two activities on one day, a zero-distance yoga session.
        new(7001, Chloe, "Walk", "Walk", null, Utc(2024, 1, 5, 12), 3000, 2400, 10),
        Run(7002, Chloe, Utc(2024, 1, 20, 9), 5000, "Lyon 5k", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        new(7003, Chloe, "Yoga", "Yoga", "Yoga", Utc(2024, 3, 3, 7), 0, 0, 0, Gps: false),
        Run(7004, Chloe, Utc(2024, 3, 3, 17), 5000, "Bordeaux 5k", "Bordeaux", "Nouvelle-Aquitaine", "France"),
    ];

    /// <summary>Phase 2: the half marathon's distance is corrected and it is renamed.</summary>
    public static DatasetActivity EditedActivity { get; } =
        InitialActivities.Single(a => a.Id == EditedId) with { Distance = 21100, Name = "Paris Half Marathon", Kudos = 12 };

    public static IReadOnlyList<DatasetActivity> NewActivities { get; } =
    [
        Run(5020, Anna, Utc(2024, 12, 15, 7), 8000, "December run", "Lyon", "Auvergne-Rhone-Alpes", "France"),
        Ride(6010, Bruno, Utc(2024, 12, 5, 8), 42000, "Marseille", "Provence-Alpes-Cote d'Azur", "France"),
        Ride(6011, Bruno, Utc(2023, 9, 2, 8), 33000, "Aix-en-Provence", "Provence-Alpes-Cote d'Azur", "France"),
    ];

    /// <summary>The activities staging holds after phase 2.</summary>
    public static IReadOnlyList<DatasetActivity> FinalActivities { get; } =
    [
        .. InitialActivities.Where(a => a.Id != DeletedId).Select(a => a.Id == EditedId ? EditedActivity : a),
        .. NewActivities,
    ];

    internal static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static DatasetActivity Run(long id, long athlete, DateTime start, double distance, string name, string? city = null, string? state = null, string? country = null) =>
        new(id, athlete, name, "Run", "Run", start, distance, (int)(distance / 3), distance / 100, city, state, country,
            UploadId: 17000000000 + id, ExternalId: $"garmin_push_{id}", Kudos: (int)(id % 5));

    private static DatasetActivity Ride(long id, long athlete, DateTime start, double distance, string? city, string? state, string? country) =>
        new(id, athlete, $"Ride in {city}", "Ride", "Ride", start, distance, (int)(distance / 7), distance / 80, city, state, country,
            UploadId: 17000000000 + id, ExternalId: $"garmin_push_{id}", Kudos: 3);
}
