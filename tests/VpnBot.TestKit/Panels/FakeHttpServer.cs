using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VpnBot.TestKit.Panels;

/// <summary>
/// Kestrel on 127.0.0.1 for fakes of real services, with the switches tests need: answer 503,
/// answer slowly, stop listening altogether (connections refused) and come back on the same port,
/// and a count of calls per route.
/// </summary>
public abstract class FakeHttpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public int Port { get; private set; }

    /// <summary>Every request is answered 503 (after being counted) while set.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Added before each answer (a slow or hung panel).</summary>
    public TimeSpan Delay { get; set; }

    public bool Listening => _app is not null;

    /// <summary>Requests seen for a route, as "METHOD /template" (e.g. "POST /login"); the base path is not part of it.</summary>
    public int Calls(string route) => _calls.TryGetValue(route, out var n) ? n : 0;

    public int TotalCalls => _calls.Values.Sum();

    public IReadOnlyDictionary<string, int> CallsByRoute => new Dictionary<string, int>(_calls);

    public void ResetCalls() => _calls.Clear();

    protected async Task ListenAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.RequestAborted);
            if (Unavailable)
            {
                Count(context.Request.Method + " " + RouteOf(context.Request));
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await HandleAsync(context);
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    /// <summary>Closes the listener: connections are refused until <see cref="ResumeListeningAsync"/>.</summary>
    public async Task StopListeningAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async Task ResumeListeningAsync()
    {
        if (_app is null) await ListenAsync(Port);
    }

    protected abstract Task HandleAsync(HttpContext context);

    /// <summary>The route template a request counts under when the service is unavailable.</summary>
    protected virtual string RouteOf(HttpRequest request) => request.Path.Value ?? "/";

    protected void Count(string route) => _calls.AddOrUpdate(route, 1, (_, n) => n + 1);

    public async ValueTask DisposeAsync()
    {
        await StopListeningAsync();
        GC.SuppressFinalize(this);
    }
}
