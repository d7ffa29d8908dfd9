using Engine.Orchestration.Steps;

namespace Engine.Cli.Commands;

/// <summary>The exit codes CI jobs rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A model, test or step failed.</summary>
    public const int RunFailed = 1;

    /// <summary>The project, configuration or command line is wrong; nothing ran.</summary>
    public const int BadProject = 2;

    public static int For(StepStatus status) => status switch
    {
        StepStatus.Succeeded => Success,
        StepStatus.BadInput => BadProject,
        _ => RunFailed,
    };
}
