using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>Checks a model's final config (after every level is merged) for combinations that cannot build.</summary>
public static class ModelConfigValidator
{
    public static void Validate(ModelDefinition model, ModelConfig config, ISqlDialect dialect, DiagnosticBag bag)
    {
        var at = model.Location;
        if (model.Type == ResourceType.Analysis)
        {
            return;
        }

        if (model.Type == ResourceType.Snapshot)
        {
            if (config.Materialized != Materializations.Snapshot)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"'{model.Name}' is under models/snapshots/ and must be materialized as a snapshot, not '{config.Materialized}'", at);
            }

            if (config.Strategy is null)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"snapshot '{model.Name}' needs 'strategy': timestamp or check", at);
            }

            if (config.UniqueKey.IsDefaultOrEmpty)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"snapshot '{model.Name}' needs 'unique_key'", at);
            }

            if (config.Strategy == "timestamp" && config.UpdatedAt is null)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"snapshot '{model.Name}' uses the timestamp strategy and needs 'updated_at'", at);
            }

            if (config.Strategy == "check" && config.CheckCols.IsDefaultOrEmpty)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"snapshot '{model.Name}' uses the check strategy and needs 'check_cols' (a list of columns, or 'all')", at);
            }

            return;
        }

        if (config.Materialized is not null && !Materializations.ForModels.Contains(config.Materialized))
        {
            bag.Error(DiagnosticCodes.InvalidConfig,
                $"model '{model.Name}' cannot be materialized as '{config.Materialized}'; use one of {string.Join(", ", Materializations.ForModels)}", at);
        }

        if (config.Materialized == Materializations.MaterializedView && !dialect.SupportsMaterializedViews)
        {
            bag.Error(DiagnosticCodes.UnsupportedByDialect, $"the {dialect.Name} dialect does not support materialized_view (model '{model.Name}')", at);
        }

        if (config.IncrementalStrategy == Materializations.Microbatch)
        {
            // dbt's required keys; begin must be a date or timestamp, as MicrobatchWindow reads it.
            var missing = new[] { ("event_time", config.EventTime), ("batch_size", config.BatchSize), ("begin", config.Begin) }.Where(k => k.Item2 is null).Select(k => k.Item1).ToList();
            if (missing.Count > 0)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}': incremental_strategy 'microbatch' needs {string.Join(", ", missing)}", at);
            }
            else if (MicrobatchWindow.ParseBegin(config.Begin!) is null)
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}': begin '{config.Begin}' is not a date (2024-01-01) or a UTC timestamp (2024-01-01 06:00:00)", at);
            }
        }

        ValidateContract(model, config, bag);
        ValidateMergeColumns(model, config, bag);

        if (config.IncrementalStrategy == "merge" && !dialect.SupportsMerge)
        {
            bag.Error(DiagnosticCodes.UnsupportedByDialect, $"the {dialect.Name} dialect does not support the merge incremental strategy (model '{model.Name}')", at);
        }
    }

    /// <summary>dbt takes one of the two lists: which columns a merge updates, or which it leaves alone.</summary>
    private static void ValidateMergeColumns(ModelDefinition model, ModelConfig config, DiagnosticBag bag)
    {
        if (config.MergeUpdateColumns.IsDefaultOrEmpty && config.MergeExcludeColumns.IsDefaultOrEmpty && config.IncrementalPredicates.IsDefaultOrEmpty)
        {
            return;
        }

        var at = model.YamlLocation ?? model.Location;
        if (!config.MergeUpdateColumns.IsDefaultOrEmpty && !config.MergeExcludeColumns.IsDefaultOrEmpty)
        {
            bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}' sets both 'merge_update_columns' and 'merge_exclude_columns'; give one of them", at);
        }

        if (config.Materialized != Materializations.Incremental)
        {
            var key = !config.IncrementalPredicates.IsDefaultOrEmpty ? "incremental_predicates" : !config.MergeUpdateColumns.IsDefaultOrEmpty ? "merge_update_columns" : "merge_exclude_columns";
            bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}' sets '{key}', which only incremental models take, not '{config.Materialized}'", at);
        }
        else if ((!config.MergeUpdateColumns.IsDefaultOrEmpty || !config.MergeExcludeColumns.IsDefaultOrEmpty) && config.IncrementalStrategy is not (null or "merge"))
        {
            bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}' sets merge columns but its incremental_strategy is '{config.IncrementalStrategy}', not 'merge'", at);
        }
    }

    /// <summary>An enforced contract names every column with its type; constraints need a table to live on.</summary>
    private static void ValidateContract(ModelDefinition model, ModelConfig config, DiagnosticBag bag)
    {
        var constrained = !model.Constraints.IsDefaultOrEmpty || model.Columns.Any(c => !c.Constraints.IsDefaultOrEmpty);
        if (config.ContractEnforced != true && !constrained)
        {
            return;
        }

        var at = model.YamlLocation ?? model.Location;
        if (config.Materialized is not (Materializations.Table or Materializations.Incremental))
        {
            bag.Error(DiagnosticCodes.InvalidConfig,
                $"model '{model.Name}' has {(config.ContractEnforced == true ? "an enforced contract" : "constraints")}, which only table and incremental models take, not '{config.Materialized}'", at);
            return;
        }

        if (config.ContractEnforced != true)
        {
            bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}' has constraints but no enforced contract: add config 'contract: {{enforced: true}}' (constraints are built with the contract's columns)", at);
            return;
        }

        if (model.Columns.IsDefaultOrEmpty)
        {
            bag.Error(DiagnosticCodes.InvalidConfig, $"model '{model.Name}' enforces a contract but its YAML declares no columns", at);
        }

        foreach (var column in model.Columns.Where(c => string.IsNullOrWhiteSpace(c.DataType)))
        {
            bag.Error(DiagnosticCodes.InvalidConfig, $"column '{column.Name}' of '{model.Name}' needs a data_type: the model enforces a contract", column.Location);
        }

        var names = model.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var constraint in model.Constraints)
        {
            foreach (var missing in constraint.Columns.Where(c => !names.Contains(c)))
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"constraint '{constraint.Type}' of '{model.Name}' names column '{missing}', which the contract does not declare", constraint.Location);
            }
        }
    }
}
