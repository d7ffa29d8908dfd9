namespace Engine.Import.Dbt.Jinja;

/// <summary>Thrown inside the expression converter when a construct has no Scriban form; the message says which.</summary>
public sealed class NotConvertibleException(string message) : Exception(message);
