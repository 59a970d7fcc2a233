using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Payments.CryptoPay;
using VpnBot.Payments.Stars;
using VpnBot.Payments.Webhooks;
using VpnBot.Payments.YooKassa;

namespace VpnBot.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// YooKassa, Crypto Pay and Stars gateways, their webhook handlers and options. Outbound calls get the
    /// standard resilience pipeline (timeouts, retries of network errors/5xx/429 with backoff, circuit breaker),
    /// tunable under <c>Payments:Http</c>. Crypto Pay's createInvoice is not idempotent, so its POSTs are never retried.
    /// Stars also needs an <see cref="ITelegramStars"/> from the host.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<YooKassaOptions>()
            .Bind(configuration.GetSection(YooKassaOptions.Section))
            .PostConfigure(o => o.AllowedNetworks = SplitScalar(configuration.GetSection(YooKassaOptions.Section + ":AllowedNetworks"), o.AllowedNetworks))
            .Validate(o => TryParseNetworks(o), "Payments:YooKassa:AllowedNetworks has an entry that is not an IP address or CIDR range.")
            .ValidateOnStart();
        services.AddOptions<CryptoPayOptions>().Bind(configuration.GetSection(CryptoPayOptions.Section));
        services.AddOptions<StarsOptions>().Bind(configuration.GetSection(StarsOptions.Section));

        var http = configuration.GetSection("Payments:Http");
        // Binding an absent section throws; without one the production defaults apply.
        IHttpStandardResiliencePipelineBuilder Resilience(IHttpClientBuilder client) =>
            http.Exists() ? client.AddStandardResilienceHandler(http) : client.AddStandardResilienceHandler();
        Resilience(services.AddHttpClient<YooKassaClient>());
        Resilience(services.AddHttpClient<CryptoPayClient>()).Configure(o => o.Retry.DisableForUnsafeHttpMethods());

        services.AddTransient(sp => new YooKassaGateway(sp.GetRequiredService<YooKassaClient>(), sp.GetRequiredService<IOptionsMonitor<YooKassaOptions>>()));
        services.AddTransient(sp => new CryptoPayGateway(sp.GetRequiredService<CryptoPayClient>(), sp.GetRequiredService<IOptionsMonitor<CryptoPayOptions>>()));
        services.AddTransient<StarsGateway>();
        services.AddTransient<IPaymentGateway>(sp => sp.GetRequiredService<YooKassaGateway>());
        services.AddTransient<IPaymentGateway>(sp => sp.GetRequiredService<CryptoPayGateway>());
        services.AddTransient<IPaymentGateway>(sp => sp.GetRequiredService<StarsGateway>());

        services.AddScoped<YooKassaWebhookHandler>();
        services.AddScoped<CryptoPayWebhookHandler>();
        services.AddScoped<StarsPaymentHandler>();
        // Stars receipts are saved before Telegram is told we have them; the processor applies, retries and refunds them.
        services.AddScoped<StarsReceiptProcessor>();
        return services;
    }

    /// <summary>An environment variable gives one string ("a, b"); JSON gives an array. Accept both.</summary>
    private static List<string> SplitScalar(IConfigurationSection section, List<string> bound) =>
        section.Value is { Length: > 0 } scalar
            ? [.. scalar.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : bound;

    private static bool TryParseNetworks(YooKassaOptions o)
    {
        try
        {
            IpAllowList.Parse(o.EffectiveNetworks);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
