namespace Strava.Sandbox;

/// <summary>One request the sandbox answered: tests count them to check that an extract used the fewest possible.</summary>
public sealed record SandboxRequest(string Method, string Path, string Query, int Status);
