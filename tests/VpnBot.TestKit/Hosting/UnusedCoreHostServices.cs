using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;

namespace VpnBot.TestKit.Hosting;

/// <summary>
/// What AddCoreServices asks of its host that a container built around one module (payments, say) never
/// calls: the ticket relays, the VPN providers, the admin roster and a data source that is never opened. They
/// are registered so the container validates on build; a call into one of them fails the test loudly.
/// </summary>
public static class UnusedCoreHostServices
{
    public static IServiceCollection AddUnusedCoreHostServices(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(new AdminRoster(new HashSet<long>()));
        services.AddSingleton<ITicketRelay, NotUsed>();
        services.AddSingleton<ICustomerTicketRelay, NotUsed>();
        services.AddSingleton<IVpnProviderFactory, NotUsed>();
        return services;
    }

    private sealed class NotUsed : ITicketRelay, ICustomerTicketRelay, IVpnProviderFactory
    {
        public Task TicketOpenedAsync(long ticketId, long firstMessageId, CancellationToken ct) => throw Unexpected();
        public Task ClientMessageAddedAsync(long ticketId, long messageId, CancellationToken ct) => throw Unexpected();
        public Task TicketClosedByClientAsync(long ticketId, CancellationToken ct) => throw Unexpected();
        public Task<CustomerDelivery> StaffReplyAddedAsync(long ticketId, long messageId, CancellationToken ct) => throw Unexpected();
        public Task<CustomerDelivery> TicketClosedByStaffAsync(long ticketId, CancellationToken ct) => throw Unexpected();
        public IVpnProvider Get(Core.Servers.Server server, VpnProtocol protocol) => throw Unexpected();
        private static InvalidOperationException Unexpected() => new("This test's container does not expect support tickets or VPN providers to be used.");
    }
}
