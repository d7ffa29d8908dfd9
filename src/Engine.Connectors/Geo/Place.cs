namespace Engine.Connectors.Geo;

/// <summary>A populated place of the GeoNames gazetteer: its name, first-level region and country, as English names, and its population.</summary>
public sealed record Place(string City, string Region, string Country, double Latitude, double Longitude, long Population);
