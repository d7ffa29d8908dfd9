using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>Reads a <c>constraints:</c> list of a column (its own column implied) or of a model (<c>columns:</c> given).</summary>
public static partial class ConstraintReader
{
    private static readonly string[] Keys = ["type", "name", "expression", "columns", "to", "to_columns", "warn_unenforced", "warn_unsupported"];

    [GeneratedRegex(@"^\s*ref\(\s*['""](?<name>[^'""]+)['""]\s*\)\s*$")]
    private static partial Regex RefCall();

    public static ImmutableArray<ModelConstraint> Read(YamlMap owner, string? column, DiagnosticBag bag)
    {
        var result = ImmutableArray.CreateBuilder<ModelConstraint>();
        foreach (var node in owner.Mappings("constraints", "constraint"))
        {
            var map = new YamlMap(node, owner.FilePath, bag, "a constraint", Keys);
            var type = map.OneOf("type", ModelConstraint.Types);
            if (type is null)
            {
                if (!map.Has("type"))
                {
                    bag.Error(DiagnosticCodes.InvalidConfig, $"a constraint needs 'type': {string.Join(", ", ModelConstraint.Types)}", map.Location);
                }

                continue;
            }

            var columns = column is not null ? [column] : map.StringList("columns");
            if (column is null && columns.IsDefaultOrEmpty && type != "check")
            {
                bag.Error(DiagnosticCodes.InvalidConfig, $"a model's '{type}' constraint needs 'columns'", map.Location);
                continue;
            }

            string? to = null;
            if (map.String("to") is { } toText)
            {
                var match = RefCall().Match(toText);
                if (!match.Success)
                {
                    bag.Error(DiagnosticCodes.InvalidConfig, $"a foreign key's 'to' is written ref('model'), not '{toText}'", map.KeyLocation("to"));
                    continue;
                }

                to = match.Groups["name"].Value;
            }

            var expression = map.String("expression");
            if ((type == "check" && expression is null) || (type == "foreign_key" && expression is null && to is null))
            {
                bag.Error(DiagnosticCodes.InvalidConfig,
                    type == "check" ? "a check constraint needs its 'expression'" : "a foreign key needs 'to: ref(...)' with 'to_columns', or an 'expression' such as 'dwh.dim_x (id)'",
                    map.Location);
                continue;
            }

            result.Add(new ModelConstraint(type, columns, map.Location)
            {
                Name = map.String("name"),
                Expression = expression,
                To = to,
                ToColumns = map.StringList("to_columns"),
            });
        }

        return result.ToImmutable();
    }
}
