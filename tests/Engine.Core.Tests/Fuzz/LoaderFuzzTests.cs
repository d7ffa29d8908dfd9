using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit;

namespace Engine.Core.Tests.Fuzz;

/// <summary>
/// Any input to the YAML loaders and the template compiler ends in diagnostics or success, within a time and memory
/// bound; never an unhandled exception. Seeded, and with a fixed number of cases, so a CI run takes a few seconds
/// and a failure replays the same way.
/// </summary>
public sealed class LoaderFuzzTests
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Generous: the bomb this guards against took 1 GB at seven levels and ran out of memory at nine.</summary>
    private const long MaxAllocatedBytes = 512L * 1024 * 1024;

    private static readonly IReadOnlySet<string> CustomTests = new HashSet<string>(StringComparer.Ordinal) { "positive" };

    private static Config Seeded(int cases, ulong seed) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    [Theory]
    [InlineData("pipeline.yml")]
    [InlineData("sources.yml")]
    [InlineData("schema.yml")]
    public void Mutated_yaml_files_end_in_diagnostics_or_success(string corpusFile)
    {
        var seed = FuzzInputs.Corpus(corpusFile);
        var property = Prop.ForAll(Arb.From(FuzzInputs.Mutated(seed)), bytes => LoadsWithinBounds(corpusFile, bytes));

        Check.One(Seeded(300, 16), property);
    }

    [Fact]
    public void Random_bytes_end_in_diagnostics_or_success_in_every_yaml_loader()
    {
        var property = Prop.ForAll(Arb.From(FuzzInputs.RandomBytes), bytes =>
            LoadsWithinBounds("pipeline.yml", bytes) && LoadsWithinBounds("sources.yml", bytes) && LoadsWithinBounds("schema.yml", bytes));

        Check.One(Seeded(150, 17), property);
    }

    [Theory]
    [InlineData("orders.sql")]
    [InlineData("macros.sql")]
    [InlineData("schema.yml")]
    [InlineData("pipeline.yml")]
    public void A_project_with_one_mutated_file_compiles_or_reports(string corpusFile)
    {
        var property = Prop.ForAll(Arb.From(FuzzInputs.Mutated(FuzzInputs.Corpus(corpusFile))), bytes => CompilesWithinBounds(corpusFile, bytes));

        Check.One(Seeded(20, 18), property);
    }

    [Fact]
    public void Random_bytes_as_a_model_compile_or_report()
    {
        var property = Prop.ForAll(Arb.From(FuzzInputs.RandomBytes), bytes => CompilesWithinBounds("orders.sql", bytes));

        Check.One(Seeded(25, 19), property);
    }

    /// <summary>Decodes and reads one YAML file the way the loader does, on this thread so its allocations can be counted.</summary>
    private static bool LoadsWithinBounds(string kind, byte[] bytes) => WithinTime(() =>
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var bag = new DiagnosticBag();
        var path = "/fuzz/" + kind;
        if (ProjectText.Decode(path, bytes, bag) is { } text)
        {
            _ = kind switch
            {
                "pipeline.yml" => PipelineFileReader.Read(path, text, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, bag) as object,
                "sources.yml" => SourcesFileReader.Read(path, text, CustomTests, bag),
                _ => ResourceYamlReader.Read(path, text, CustomTests, bag),
            };
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocatedBytes, $"{allocated:N0} bytes allocated reading {bytes.Length} bytes");
        Assert.All(bag.ToSortedList(), d => Assert.NotNull(d.Location));
    });

    /// <summary>The corpus project with <paramref name="file"/> replaced, loaded, parsed and compiled like a CLI command.</summary>
    private static bool CompilesWithinBounds(string file, byte[] bytes) => WithinTime(() =>
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = File.ReadAllText(Path.Combine(FuzzInputs.CorpusDirectory, "pipeline.yml")),
            ["sources.yml"] = File.ReadAllText(Path.Combine(FuzzInputs.CorpusDirectory, "sources.yml")),
            ["models/schema.yml"] = File.ReadAllText(Path.Combine(FuzzInputs.CorpusDirectory, "schema.yml")),
            ["models/orders.sql"] = File.ReadAllText(Path.Combine(FuzzInputs.CorpusDirectory, "orders.sql")),
            ["models/customers.sql"] = "select 1 as id",
            ["macros/macros.sql"] = File.ReadAllText(Path.Combine(FuzzInputs.CorpusDirectory, "macros.sql")),
            ["tests/generic/positive.sql"] = "select * from {{ model }} where {{ column_name }} < 0",
            ["seeds/countries.csv"] = "code,name\nfr,France\n",
        });
        var target = file switch
        {
            "orders.sql" => "models/orders.sql",
            "macros.sql" => "macros/macros.sql",
            "schema.yml" => "models/schema.yml",
            _ => file,
        };
        File.WriteAllBytes(project.PathOf(target), bytes);

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        if (parsed is not null && !diagnostics.Any(d => d.IsError))
        {
            try
            {
                ProjectPipeline.Compile(parsed);
            }
            catch (ProjectException)
            {
                // Diagnostics: the other allowed outcome.
            }
        }
    });

    /// <summary>
    /// Runs one case on its own task: an exception fails the property with its input; a case that does not finish in
    /// time fails it too (its task is abandoned, the process moves on).
    /// </summary>
    private static bool WithinTime(Action body)
    {
        var run = Task.Run(body);
        if (!run.Wait(CaseTimeout))
        {
            Assert.Fail($"a case ran longer than {CaseTimeout.TotalSeconds} s");
        }

        return true;
    }
}
