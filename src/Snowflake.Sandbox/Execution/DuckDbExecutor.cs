using System.Globalization;
using DuckDB.NET.Data;

namespace Snowflake.Sandbox.Execution;

/// <summary>
/// Runs requests on DuckDB: each Snowflake database is a DuckDB file attached under its name; a request runs alone on
/// the one connection (requests are queued, like a single-cluster warehouse), in the database and schema its body
/// names, and leaves nothing of its session behind (temporary tables dropped, an open transaction rolled back), since
/// every SQL API request is its own session.
/// </summary>
internal sealed class DuckDbExecutor : IDisposable
{
    private readonly string _directory;
    private readonly DuckDBConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _attached = new(StringComparer.OrdinalIgnoreCase);
    private volatile DuckDBCommand? _current;

    public DuckDbExecutor(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        foreach (var statement in SessionSetup.Statements)
        {
            Run(statement);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.duckdb"))
        {
            Attach(Path.GetFileNameWithoutExtension(file));
        }
    }

    /// <summary>Runs the statements of one request in order; the first error stops it, as on Snowflake.</summary>
    public async Task<IReadOnlyList<StatementOutcome>> ExecuteAsync(
        string? database, string? schema, IReadOnlyList<List<SqlToken>> statements, IReadOnlyList<Binding> bindings, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var interrupt = cancellationToken.Register(() => _current?.Cancel());
            var outcomes = new List<StatementOutcome>();
            if (Context(database, schema) is { } contextError)
            {
                return [StatementOutcome.Failed(contextError)];
            }

            foreach (var statement in statements)
            {
                var outcome = Execute(statement, bindings, cancellationToken);
                outcomes.Add(outcome);
                if (outcome.Error is not null)
                {
                    break;
                }
            }

            return outcomes;
        }
        finally
        {
            EndSession();
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private SnowflakeError? Context(string? database, string? schema)
    {
        if (database is null)
        {
            return null;
        }

        var db = Identifier(database);
        Attach(db);
        var sc = schema is null ? "PUBLIC" : Identifier(schema);
        try
        {
            Run($"USE \"{db}\".\"{sc}\"");
            return null;
        }
        catch (DuckDBException)
        {
            return new SnowflakeError("390201", "08004", $"The requested schema does not exist or not authorized. Schema '{db}.{sc}'");
        }
    }

    private void Attach(string database)
    {
        if (_attached.Add(database))
        {
            var path = Path.Combine(_directory, database + ".duckdb");
            Run($"ATTACH IF NOT EXISTS '{path.Replace("'", "''", StringComparison.Ordinal)}' AS \"{database}\"");
            Run($"CREATE SCHEMA IF NOT EXISTS \"{database}\".\"PUBLIC\"");
        }
    }

    /// <summary>Unquoted names fold to upper case; a quoted one is taken as written.</summary>
    private static string Identifier(string name) =>
        name.Length > 1 && name[0] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name.ToUpperInvariant();

    private StatementOutcome Execute(List<SqlToken> statement, IReadOnlyList<Binding> bindings, CancellationToken cancellationToken)
    {
        var first = statement.FirstOrDefault(t => !t.IsTrivia)?.Text.ToUpperInvariant() ?? string.Empty;
        var translated = SnowflakeTranslator.Translate(statement);
        try
        {
            if (translated.Count > 1)
            {
                Run("BEGIN TRANSACTION");
                foreach (var sql in translated)
                {
                    Run(sql);
                }

                Run("COMMIT");
                return StatementOutcome.Status("Statement executed successfully.");
            }

            var text = translated[0];
            return first switch
            {
                "SELECT" or "WITH" or "SHOW" or "DESCRIBE" or "DESC" or "VALUES" or "(" => Query(text, bindings, cancellationToken),
                "INSERT" or "UPDATE" or "DELETE" or "MERGE" => Dml(first, text, bindings),
                _ => Ddl(first, statement, text),
            };
        }
        catch (DuckDBException e)
        {
            return StatementOutcome.Failed(cancellationToken.IsCancellationRequested ? SnowflakeError.Cancelled : Errors.Translate(e));
        }
    }

    private StatementOutcome Query(string sql, IReadOnlyList<Binding> bindings, CancellationToken cancellationToken)
    {
        using var command = Command(sql, bindings, 0);
        using var reader = command.ExecuteReader();
        var columns = new ResultColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new ResultColumn(reader.GetName(i), ValueFormat.TypeOf(reader.GetDataTypeName(i)), null, ValueFormat.IsInteger(reader.GetDataTypeName(i)) ? 0 : null);
        }

        var rows = new List<string?[]>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = new string?[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : ValueFormat.Format(columns[i].Type, reader.GetValue(i));
            }

            rows.Add(row);
        }

        return new StatementOutcome { Columns = columns, Rows = rows };
    }

    private StatementOutcome Dml(string verb, string sql, IReadOnlyList<Binding> bindings)
    {
        var rounds = bindings.Count > 0 && bindings[0].IsArray ? bindings[0].Values.Count : 1;
        long count = 0;
        var batch = rounds > 1;
        if (batch)
        {
            Run("BEGIN TRANSACTION");
        }

        try
        {
            for (var round = 0; round < rounds; round++)
            {
                using var command = Command(sql, bindings, round);
                count += command.ExecuteNonQuery();
            }

            if (batch)
            {
                Run("COMMIT");
            }
        }
        catch
        {
            if (batch)
            {
                TryRun("ROLLBACK");
            }

            throw;
        }

        var (name, stat) = verb switch
        {
            "INSERT" => ("number of rows inserted", "numRowsInserted"),
            "DELETE" => ("number of rows deleted", "numRowsDeleted"),
            _ => ("number of rows updated", "numRowsUpdated"),
        };
        return new StatementOutcome
        {
            Columns = [new ResultColumn(name, "fixed", 38, 0)],
            Rows = [[count.ToString(CultureInfo.InvariantCulture)]],
            Stats = new Dictionary<string, long> { [stat] = count },
        };
    }

    private StatementOutcome Ddl(string verb, List<SqlToken> original, string sql)
    {
        using var command = Command(sql, [], 0);
        command.ExecuteNonQuery();
        var words = original.Where(t => t.Kind == SqlTokenKind.Word).Select(t => t.Text.ToUpperInvariant()).ToList();
        var message = verb switch
        {
            "CREATE" when words.Contains("TABLE") => $"Table {NameAfter(original, "TABLE")} successfully created.",
            "CREATE" when words.Contains("VIEW") => $"View {NameAfter(original, "VIEW")} successfully created.",
            "CREATE" when words.Contains("SCHEMA") => $"Schema {NameAfter(original, "SCHEMA")} successfully created.",
            "DROP" => $"{NameAfter(original, "EXISTS", "TABLE", "VIEW", "SCHEMA")} successfully dropped.",
            _ => "Statement executed successfully.",
        };
        return StatementOutcome.Status(message);
    }

    private static string NameAfter(List<SqlToken> tokens, params string[] keywords)
    {
        var significant = tokens.Where(t => !t.IsTrivia).ToList();
        var at = significant.FindLastIndex(t => keywords.Any(k => t.IsWord(k)));
        var name = at >= 0 && at + 1 < significant.Count ? significant[(at + 1)..].TakeWhile(t => !t.IsSymbol("(") && !t.IsWord("AS")).ToList() : [];
        var last = name.LastOrDefault(t => t.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier);
        return last is null ? "object" : last.Kind == SqlTokenKind.Word ? last.Text.ToUpperInvariant() : last.Text[1..^1];
    }

    private DuckDBCommand Command(string sql, IReadOnlyList<Binding> bindings, int round)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        _current = command;
        foreach (var binding in bindings)
        {
            var value = binding.IsArray ? binding.Values[round] : binding.Values[0];
            command.Parameters.Add(new DuckDBParameter(ValueFormat.Bind(binding.Type, value) ?? DBNull.Value));
        }

        return command;
    }

    /// <summary>Every SQL API request is its own session: what it left (temporary tables, a transaction) goes.</summary>
    private void EndSession()
    {
        TryRun("ROLLBACK");
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE temporary";
        var names = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            TryRun($"DROP TABLE IF EXISTS temp.main.\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }

        TryRun("USE memory.main");
    }

    private void Run(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void TryRun(string sql)
    {
        try
        {
            Run(sql);
        }
        catch (DuckDBException)
        {
            // Nothing to undo (no open transaction, the table already gone).
        }
    }
}
