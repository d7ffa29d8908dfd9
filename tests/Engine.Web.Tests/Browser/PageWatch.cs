using Microsoft.Playwright;

namespace Engine.Web.Tests.Browser;

/// <summary>Collects a page's console errors and failed requests, so a test can assert a page loaded cleanly.</summary>
public sealed class PageWatch
{
    private readonly List<string> _problems = [];

    public PageWatch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_problems)
                {
                    _problems.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) => Add($"page error: {error}");
        page.RequestFailed += (_, request) => Add($"request failed: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add($"HTTP {response.Status}: {response.Url}");
            }
        };
    }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
