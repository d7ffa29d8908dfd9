using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>The <c>automation</c> config: a word, or <c>{on_cron, timezone}</c>; on_cron without its cron, or a bad cron, is located.</summary>
public sealed class AutomationConfigTests
{
    [Fact]
    public void On_cron_takes_its_cron_and_time_zone_and_a_closer_automation_replaces_both()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  +automation: {on_cron: "@daily", timezone: Europe/Amsterdam}
                """,
            ["models/a.sql"] = "select 1 as x",
            ["models/b.sql"] = "{{ config { automation: 'eager' } }}\nselect 1 as x",
        });

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        Assert.True(parsed is not null, DiagnosticAssert.Describe(diagnostics));
        var a = parsed.Graph["model.t.a"].Config!;
        Assert.Equal(("on_cron", "@daily", "Europe/Amsterdam"), (a.Automation, a.AutomationCron!.Text, a.AutomationCron.TimeZone.Id));
        var b = parsed.Graph["model.t.b"].Config!;
        Assert.Equal(("eager", null), (b.Automation, b.AutomationCron));
    }

    [Fact]
    public void On_cron_without_a_cron_and_a_bad_cron_are_reported_where_they_are_written()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  dwh:
                    +automation: on_cron
                  raw:
                    +automation:
                      on_cron: "every morning"
                """,
            ["models/dwh/a.sql"] = "select 1 as x",
            ["models/raw/b.sql"] = "select 1 as x",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var bare = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidConfig, project.PathOf("pipeline.yml"), 4, 5);
        Assert.Contains("needs its cron", bare.Message, StringComparison.Ordinal);
        var cron = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.CronInvalid, project.PathOf("pipeline.yml"), 7, 16);
        Assert.Contains("'on_cron' of 'automation' is not a cron expression", cron.Message, StringComparison.Ordinal);
    }
}
