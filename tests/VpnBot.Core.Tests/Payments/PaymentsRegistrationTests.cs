using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Payments;
using VpnBot.Payments.Webhooks;
using VpnBot.Payments.YooKassa;

namespace VpnBot.Core.Tests.Payments;

/// <summary>The host's composition: what AddCoreServices + AddPayments offer for a given configuration. No I/O.</summary>
public class PaymentsRegistrationTests
{
    private static readonly SubscriptionPlan Plan = new() { Id = 1, Name = "30 days", DurationDays = 30, Price = 299m, Currency = "RUB", PriceStars = 150 };

    [Fact]
    public void Without_keys_no_provider_is_offered()
    {
        using var sp = Build([]);
        using var scope = sp.CreateScope();
        var payments = scope.ServiceProvider.GetRequiredService<PaymentService>();
        Assert.Empty(payments.OptionsFor(Plan));
        Assert.All(scope.ServiceProvider.GetServices<IPaymentGateway>(), g => Assert.False(g.IsConfigured));
    }

    [Fact]
    public async Task A_yookassa_webhook_without_configuration_is_404()
    {
        using var sp = Build([]);
        using var scope = sp.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<YooKassaWebhookHandler>()
            .HandleAsync(IPAddress.Parse("185.71.76.1"), "{}"u8.ToArray(), default);
        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public void Each_provider_is_offered_once_its_keys_are_present()
    {
        using var sp = Build(new()
        {
            ["Payments:YooKassa:ShopId"] = "1",
            ["Payments:YooKassa:SecretKey"] = "s",
            ["Payments:YooKassa:ReturnUrl"] = "https://t.me/Bot",
            ["Payments:CryptoPay:Token"] = "t",
            ["Payments:Stars:Enabled"] = "true",
        }, withStars: true);
        using var scope = sp.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<PaymentService>().OptionsFor(Plan);
        Assert.Equal(
            [new PaymentOption("yookassa", new Money(299m, "RUB")) { SavesCard = true }, new PaymentOption("cryptopay", new Money(299m, "RUB")), new PaymentOption("stars", new Money(150, "XTR"))],
            options);
    }

    [Fact]
    public void Stars_need_the_hosts_bot_client_as_well_as_the_flag()
    {
        using var sp = Build(new() { ["Payments:Stars:Enabled"] = "true" }, withStars: false);
        using var scope = sp.CreateScope();
        Assert.Empty(scope.ServiceProvider.GetRequiredService<PaymentService>().OptionsFor(Plan));
    }

    [Fact]
    public void Allowed_networks_come_from_an_environment_string_or_a_json_array()
    {
        using (var sp = Build(new() { ["Payments:YooKassa:AllowedNetworks"] = "10.0.0.0/8, 192.168.0.1" }))
            Assert.Equal(["10.0.0.0/8", "192.168.0.1"], sp.GetRequiredService<IOptionsMonitor<YooKassaOptions>>().CurrentValue.EffectiveNetworks);
        using (var sp = Build(new() { ["Payments:YooKassa:AllowedNetworks:0"] = "10.0.0.0/8", ["Payments:YooKassa:AllowedNetworks:1"] = "fd00::/8" }))
            Assert.Equal(["10.0.0.0/8", "fd00::/8"], sp.GetRequiredService<IOptionsMonitor<YooKassaOptions>>().CurrentValue.EffectiveNetworks);
        using (var sp = Build([]))
            Assert.Equal(YooKassaOptions.PublishedNetworks, sp.GetRequiredService<IOptionsMonitor<YooKassaOptions>>().CurrentValue.EffectiveNetworks);
    }

    [Fact]
    public void A_malformed_allow_list_stops_the_app_with_a_clear_error()
    {
        using var sp = Build(new() { ["Payments:YooKassa:AllowedNetworks"] = "185.71.76.0/27, not-an-ip" });
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptionsMonitor<YooKassaOptions>>().CurrentValue);
        Assert.Contains("AllowedNetworks", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool withStars = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // Never opened by these tests: they only compose and read configuration.
        services.AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres("Host=127.0.0.1;Port=1;Database=none"));
        services.AddSingleton<ICustomerNotifier, NullNotifier>();
        services.AddSingleton<Core.Operations.IOperatorAlerts, NullAlerts>();
        services.AddSingleton<IProvisioningService, NullProvisioning>();
        if (withStars) services.AddSingleton<VpnBot.Payments.Stars.ITelegramStars, NullStars>();
        // What the rest of Core asks of the host (tickets, VPN providers, admins); never called here.
        services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none"));
        services.AddSingleton(new AdminRoster(new HashSet<long>()));
        services.AddSingleton<Core.Support.ITicketRelay, NotUsed>();
        services.AddSingleton<Core.Support.ICustomerTicketRelay, NotUsed>();
        services.AddSingleton<IVpnProviderFactory, NotUsed>();
        services.AddCoreServices(configuration);
        services.AddPayments(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private sealed class NullNotifier : ICustomerNotifier
    {
        public Task PaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct) => Task.CompletedTask;
        public Task ConfigReadyAsync(long vpnConfigId, CancellationToken ct) => Task.CompletedTask;
        public Task NoticeAsync(long userId, string textKey, IReadOnlyList<object> args, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class NullAlerts : Core.Operations.IOperatorAlerts
    {
        public Task PaymentNeedsReviewAsync(long paymentId, CancellationToken ct) => Task.CompletedTask;
        public Task BackendTaskFailingAsync(long backendTaskId, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class NullProvisioning : IProvisioningService
    {
        public Task<ProvisioningResult> ProvisionAsync(long subscriptionId, CancellationToken ct) => throw new NotSupportedException();
        public Task SyncAsync(long subscriptionId, CancellationToken ct) => throw new NotSupportedException();
        public Task RevokeAsync(long vpnConfigId, CancellationToken ct) => throw new NotSupportedException();
        public Task<ProvisioningResult> ReissueAsync(long vpnConfigId, VpnProtocol? protocol, long? serverId, CancellationToken ct) => throw new NotSupportedException();
    }

    private sealed class NotUsed : Core.Support.ITicketRelay, Core.Support.ICustomerTicketRelay, IVpnProviderFactory
    {
        public Task TicketOpenedAsync(long ticketId, long firstMessageId, CancellationToken ct) => throw new NotSupportedException();
        public Task ClientMessageAddedAsync(long ticketId, long messageId, CancellationToken ct) => throw new NotSupportedException();
        public Task TicketClosedByClientAsync(long ticketId, CancellationToken ct) => throw new NotSupportedException();
        public Task<Core.Support.CustomerDelivery> StaffReplyAddedAsync(long ticketId, long messageId, CancellationToken ct) => throw new NotSupportedException();
        public Task<Core.Support.CustomerDelivery> TicketClosedByStaffAsync(long ticketId, CancellationToken ct) => throw new NotSupportedException();
        public IVpnProvider Get(Core.Servers.Server server, VpnProtocol protocol) => throw new NotSupportedException();
    }

    private sealed class NullStars : VpnBot.Payments.Stars.ITelegramStars
    {
        public Task<string> CreateInvoiceLinkAsync(VpnBot.Payments.Stars.StarsInvoice invoice, CancellationToken ct) => Task.FromResult("https://t.me/$x");
        public Task RefundStarPaymentAsync(long userTelegramId, string telegramPaymentChargeId, CancellationToken ct) => Task.CompletedTask;
    }
}
