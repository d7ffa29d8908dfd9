// bench/web: what a person opening the static dashboards waits for, and what `engine docs generate` costs.
//
// 1. The static dashboards of a project (run.sh builds them over the 2 x 50,000 activities bench/pipeline leaves with
//    KEEP=1): each file's size, and the time from navigation to the last chart drawn in headless Chromium (the page
//    records performance.now() when it has drawn every chart), median of RUNS loads, against a baseline measured in the
//    same run: a page with the same inlined ECharts and no chart.
// 2. `engine docs generate` against `engine compile` on the same project (bench/compile.sh's 10,000-model one), each
//    timed end to end, median of RUNS.
//
// Usage: Bench.Web <dashboards folder> <engine launcher> <docs project dir> [ENGINE_HOME for the docs project]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = int.TryParse(Environment.GetEnvironmentVariable("RUNS"), out var r) ? r : 5;
var (dashboards, engine, docsProject) = (args[0], args[1], args[2]);
var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });

var files = Directory.GetFiles(dashboards, "*.html").Order(StringComparer.Ordinal).ToList();
var echarts = ExtractScript(File.ReadAllText(files[0]), "echarts");
var baselinePath = Path.Combine(Path.GetTempPath(), "bench-web-baseline.html");
File.WriteAllText(baselinePath, $"<!doctype html><html><body><div id=\"c\" style=\"height:300px\"></div><script>{echarts}</script>" +
    "<script>echarts.init(document.getElementById('c'), null, {renderer:'svg'});window.engineRenderedAt=performance.now();</script></body></html>");
var baseline = await MedianLoadAsync(baselinePath);
Console.WriteLine($"baseline (ECharts alone): {baseline:F0} ms");
Console.WriteLine($"{"dashboard",-16} {"size",10} {"to last chart",14} {"x baseline",11}  targets: < 2 MB, < 1000 ms");
foreach (var file in files)
{
    var ms = await MedianLoadAsync(file);
    Console.WriteLine($"{Path.GetFileNameWithoutExtension(file),-16} {new FileInfo(file).Length / 1024.0 / 1024.0,7:F2} MB {ms,11:F0} ms {ms / baseline,10:F2}x");
}

var compile = Median(() => Time(engine, "compile", "--project-dir", docsProject));
var docs = Median(() => Time(engine, "docs", "generate", "--project-dir", docsProject));
Console.WriteLine($"engine compile       {compile,8:F2} s");
Console.WriteLine($"engine docs generate {docs,8:F2} s  ({docs / compile:F2}x compile; target <= 2x)");
return 0;

async Task<double> MedianLoadAsync(string path)
{
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        await using var context = await browser.NewContextAsync(new() { Offline = true, ViewportSize = new() { Width = 1400, Height = 1200 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.engineRenderedAt !== undefined", null, new() { Timeout = 60_000 });
        times.Add(await page.EvaluateAsync<double>("() => window.engineRenderedAt"));
    }

    return times.Order().ElementAt(times.Count / 2);
}

double Median(Func<double> measure) => Enumerable.Range(0, runs).Select(_ => measure()).Order().ElementAt(runs / 2);

static double Time(string engine, params string[] arguments)
{
    var start = new ProcessStartInfo(engine) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"engine {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
    }

    return clock.Elapsed.TotalSeconds;
}

static string ExtractScript(string html, string marker)
{
    // The inlined library is the script that defines the global it is named after.
    foreach (var part in html.Split("<script>").Skip(1))
    {
        var body = part[..part.IndexOf("</script>", StringComparison.Ordinal)];
        if (body.Contains(marker, StringComparison.Ordinal) && body.Length > 100_000)
        {
            return body;
        }
    }

    throw new InvalidOperationException("no inlined ECharts found");
}
