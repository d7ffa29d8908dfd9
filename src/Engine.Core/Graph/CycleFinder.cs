using System.Collections.Immutable;

namespace Engine.Core.Graph;

/// <summary>Finds dependency cycles and returns each as the full path of node ids, first node repeated at the end;
/// each node in a path depends on the one after it.</summary>
public static class CycleFinder
{
    public static ImmutableArray<ImmutableArray<string>> Find(IReadOnlyDictionary<string, ImmutableArray<string>> parents)
    {
        // Iterative DFS with colours: a grey node met again closes a cycle; the stack holds its path.
        var state = new Dictionary<string, int>(parents.Count, StringComparer.Ordinal);
        var cycles = ImmutableArray.CreateBuilder<ImmutableArray<string>>();
        foreach (var root in parents.Keys.Order(StringComparer.Ordinal))
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            var path = new List<string>();
            var stack = new Stack<(string Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var edges = parents.TryGetValue(node, out var p) ? p : [];
                if (next < edges.Length)
                {
                    stack.Push((node, next + 1));
                    var parent = edges[next];
                    if (!parents.ContainsKey(parent))
                    {
                        continue;
                    }

                    if (!state.TryGetValue(parent, out var colour))
                    {
                        state[parent] = 1;
                        path.Add(parent);
                        stack.Push((parent, 0));
                    }
                    else if (colour == 1)
                    {
                        var start = path.IndexOf(parent);
                        // Each node in the path depends on the next one: a → b reads "a refs b".
                        var cycle = path.Skip(start).Append(parent).ToImmutableArray();
                        cycles.Add(cycle);
                    }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return cycles.ToImmutable();
    }
}
