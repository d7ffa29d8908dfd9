namespace Engine.Import.Dbt.Jinja;

/// <summary>Top-level dbt blocks that become files of their own here.</summary>
public enum TemplateBlockKind
{
    /// <summary><c>{% test name(model, column_name, ...) %}</c>: a custom generic test, tests/generic/name.sql.</summary>
    Test,

    /// <summary><c>{% snapshot name %}</c>: a snapshot, models/snapshots/name.sql.</summary>
    Snapshot,

    /// <summary><c>{% docs name %}</c>: text that <c>doc('name')</c> in a description stands for.</summary>
    Docs,
}
