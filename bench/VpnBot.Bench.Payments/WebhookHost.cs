using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Payments;
using VpnBot.Payments.Webhooks;
using VpnBot.TestKit.Hosting;

namespace VpnBot.Bench.Payments;

/// <summary>
/// The notification endpoint mapped the way the host maps it: buffer the body, hand it with the remote
/// address to the framework-free handler, answer its status code.
/// </summary>
internal static class WebhookHost
{
    public static async Task<(WebApplication App, Uri Url)> StartAsync(string connectionString, IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres(connectionString));
        builder.Services.AddSingleton<ICustomerNotifier, CountingNotifier>();
        builder.Services.AddSingleton<VpnBot.Core.Operations.IOperatorAlerts, CountingNotifier>();
        builder.Services.AddSingleton<IProvisioningService, NoBackend>();
        builder.Services.AddUnusedCoreHostServices(connectionString);
        builder.Services.AddCoreServices(builder.Configuration);
        builder.Services.AddPayments(builder.Configuration);
        var app = builder.Build();

        app.MapPost("/webhooks/payments/yookassa", async (HttpContext http, YooKassaWebhookHandler handler) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var result = await handler.HandleAsync(http.Connection.RemoteIpAddress, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted);
            return Results.Text(result.Reason, statusCode: result.StatusCode);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/webhooks/payments/yookassa"));
    }

    /// <summary>Counts what the bot would send; the benchmark measures the payment path, not Telegram.</summary>
    internal sealed class CountingNotifier : ICustomerNotifier, VpnBot.Core.Operations.IOperatorAlerts
    {
        public Task PaymentNeedsReviewAsync(long paymentId, CancellationToken ct) => Task.CompletedTask;

        public Task BackendTaskFailingAsync(long backendTaskId, CancellationToken ct) => Task.CompletedTask;

        private int _completed;

        public int Completed => Volatile.Read(ref _completed);

        public Task PaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct)
        {
            Interlocked.Increment(ref _completed);
            return Task.CompletedTask;
        }

        public Task ConfigReadyAsync(long vpnConfigId, CancellationToken ct) => Task.CompletedTask;

        public Task NoticeAsync(long userId, string textKey, IReadOnlyList<object> args, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>"Without the VPN backend call": the worker is not run during the measurement.</summary>
    private sealed class NoBackend : IProvisioningService
    {
        public Task<ProvisioningResult> ProvisionAsync(long subscriptionId, CancellationToken ct) => throw new NotSupportedException();
        public Task SyncAsync(long subscriptionId, CancellationToken ct) => throw new NotSupportedException();
        public Task RevokeAsync(long vpnConfigId, CancellationToken ct) => throw new NotSupportedException();
        public Task<ProvisioningResult> ReissueAsync(long vpnConfigId, VpnProtocol? protocol, long? serverId, CancellationToken ct) => throw new NotSupportedException();
    }
}
