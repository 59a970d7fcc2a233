using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace VpnBot.Vpn.Panels;

/// <summary>
/// The named HttpClients panels are called through. Cookies are kept per server by the providers
/// (a shared CookieContainer would mix the sessions of different panels), redirects are not
/// followed (an old 3X-UI answers an expired session with a redirect, which must be seen), and
/// every call is bounded by a total timeout with retries for transient faults.
/// </summary>
internal static class PanelHttpClients
{
    public const string ThreeXUi = "vpn-panel-3xui";
    public const string Marzban = "vpn-panel-marzban";

    public static void Add(IServiceCollection services, string name)
    {
        services.AddHttpClient(name, (sp, client) =>
            {
                // The resilience pipeline enforces the real limit; this is a backstop.
                client.Timeout = sp.GetRequiredService<IOptions<PanelHttpOptions>>().Value.Timeout + TimeSpan.FromSeconds(5);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = false,
                ConnectTimeout = sp.GetRequiredService<IOptions<PanelHttpOptions>>().Value.ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler("panel", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<PanelHttpOptions>>().Value;
                // Network timeouts and backoff run on the wall clock, even when the app's TimeProvider is a test's fake clock.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(options.Timeout);
                if (options.RetryCount > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.RetryCount,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryBaseDelay,
                    });
                }
                pipeline.AddTimeout(options.AttemptTimeout);
            });
    }
}
