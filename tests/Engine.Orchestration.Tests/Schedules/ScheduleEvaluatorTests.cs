using Cronos;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using Engine.Orchestration.Schedules;
using Xunit;

namespace Engine.Orchestration.Tests.Schedules;

public sealed class ScheduleEvaluatorTests
{
    private static readonly DateTimeOffset Cursor = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void First_evaluation_runs_nothing_and_starts_the_cursor_at_now()
    {
        var decision = ScheduleEvaluator.Evaluate(Daily(CatchUp.All), null, Cursor);

        Assert.True(decision.FirstEvaluation);
        Assert.Empty(decision.ToRun);
        Assert.Equal(Cursor, decision.Cursor);
        Assert.Equal(new DateTimeOffset(2024, 6, 2, 0, 0, 0, TimeSpan.Zero), decision.NextTick);
    }

    [Theory]
    [InlineData(CatchUp.None, 0)]
    [InlineData(CatchUp.Latest, 1)]
    [InlineData(CatchUp.All, 3)]
    public void Ticks_missed_over_three_days_of_downtime_run_as_catch_up_says(CatchUp catchUp, int runs)
    {
        var now = Cursor.AddDays(3).AddHours(1);

        var decision = ScheduleEvaluator.Evaluate(Daily(catchUp), Cursor, now);

        Assert.Equal(3, decision.Due.Length);
        Assert.Equal(runs, decision.ToRun.Length);
        if (runs > 0)
        {
            // The newest missed tick is always among those run, and they run oldest first.
            Assert.Equal(new DateTimeOffset(2024, 6, 4, 0, 0, 0, TimeSpan.Zero), decision.ToRun[^1]);
            Assert.Equal(decision.ToRun.Order(), decision.ToRun);
        }
    }

    [Fact]
    public void An_on_time_tick_runs_even_without_catch_up_and_the_window_bounds_catch_up()
    {
        Assert.Single(ScheduleEvaluator.Evaluate(Daily(CatchUp.None), Cursor, Cursor.AddHours(12).AddMinutes(1)).ToRun);

        var windowed = Daily(CatchUp.All) with { CatchUpWindow = TimeSpan.FromDays(2) };
        var decision = ScheduleEvaluator.Evaluate(windowed, Cursor, Cursor.AddDays(10).AddHours(1));
        Assert.Equal(10, decision.Due.Length);
        Assert.Equal(2, decision.ToRun.Length);
    }

    [Fact]
    public void Nothing_is_due_before_the_next_tick()
    {
        var decision = ScheduleEvaluator.Evaluate(Daily(CatchUp.All), Cursor, Cursor.AddHours(11));
        Assert.Empty(decision.Due);
        Assert.Equal(Cursor.AddHours(11), decision.Cursor);
    }

    private static ScheduleDefinition Daily(CatchUp catchUp) =>
        new("daily", "@daily", CronExpression.Parse("@daily"), TimeZoneInfo.Utc, SourceLocation.File("pipeline.yml")) { CatchUp = catchUp };
}
