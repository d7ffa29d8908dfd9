using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Engine.Runtime.Seeds;

/// <summary>Streams a seed's rows with their line numbers; a row of the wrong width or with a stray quote stops it.</summary>
public sealed class CsvSeedReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly CsvParser _parser;
    private readonly string _displayPath;

    public CsvSeedReader(string path, string displayPath)
    {
        _displayPath = displayPath;
        _reader = new StreamReader(path);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => throw new SeedFormatException($"{_displayPath}({args.Context.Parser?.RawRow ?? 0}): malformed field {Shorten(args.Field)} (a quote inside an unquoted field?)"),
        };
        _parser = new CsvParser(_reader, configuration);
        if (!_parser.Read() || _parser.Record is not { Length: > 0 } header || header.All(string.IsNullOrWhiteSpace))
        {
            throw new SeedFormatException($"{_displayPath}(1): the file has no header row");
        }

        Header = [.. header.Select(h => h.Trim())];
        var duplicate = Header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SeedFormatException($"{_displayPath}(1): column '{duplicate.Key}' appears twice in the header");
        }
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Each data row and its 1-based line; empty fields are null.</summary>
    public IEnumerable<(long Line, string?[] Fields)> Rows()
    {
        while (_parser.Read())
        {
            var record = _parser.Record!;
            var line = _parser.RawRow;
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue; // blank line
            }

            if (record.Length != Header.Count)
            {
                throw new SeedFormatException($"{_displayPath}({line}): row has {record.Length} fields, the header has {Header.Count}");
            }

            var fields = new string?[record.Length];
            for (var i = 0; i < record.Length; i++)
            {
                fields[i] = record[i].Length == 0 ? null : record[i];
            }

            yield return (line, fields);
        }
    }

    public void Dispose()
    {
        _parser.Dispose();
        _reader.Dispose();
    }

    private static string Shorten(string field) => field.Length > 40 ? $"'{field[..40]}...'" : $"'{field}'";
}
