namespace Engine.Connectors.Cdc;

public enum CdcMode
{
    /// <summary>Apply everything committed at the source up to now, then stop (the scheduled pipeline's step).</summary>
    Drain,

    /// <summary>Keep streaming until cancelled, with a heartbeat so the slot advances while the tables are quiet.</summary>
    Follow,
}
