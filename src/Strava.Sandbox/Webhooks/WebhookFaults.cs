namespace Strava.Sandbox.Webhooks;

/// <summary>
/// What Strava's delivery does to a callback in practice: an event sent more than once (Strava retries up to three
/// times), events held back and sent after later ones, and slow deliveries.
/// </summary>
public sealed class WebhookFaults
{
    /// <summary>Each event is posted this many extra times.</summary>
    public int Duplicates { get; set; }

    /// <summary>Events are posted in reverse order within each <see cref="WebhookHub.PublishAsync"/> batch.</summary>
    public bool Reorder { get; set; }

    /// <summary>Waited before each post.</summary>
    public TimeSpan Delay { get; set; }
}
