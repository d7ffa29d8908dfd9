namespace Engine.Warehouse;

/// <summary>
/// What an adapter may use from outside the project files: the project folder, the engine's state folder (where a
/// managed local server keeps its data) and the settings, which resolve <c>${NAME}</c> references of pipeline.yml.
/// </summary>
public sealed record WarehouseEnvironment(string ProjectDirectory, string EngineHome, Func<string, string?> Setting);
