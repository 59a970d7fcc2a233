using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Logging;
using VpnBot.TestKit.Panels;
using VpnBot.Vpn;

namespace VpnBot.IntegrationTests.Vpn.Panels;

/// <summary>The VPN module as the host wires it (AddVpn), with short panel timeouts and every log line captured.</summary>
internal sealed class PanelTestHost : IAsyncDisposable
{
    public static readonly SecretProtector Secrets = new(RandomNumberGenerator.GetBytes(32));

    private static long _nextServerId = 1000;

    public PanelTestHost(TimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Vpn:Panels:Timeout"] = "00:00:04",
            ["Vpn:Panels:AttemptTimeout"] = "00:00:02",
            ["Vpn:Panels:RetryCount"] = "2",
            ["Vpn:Panels:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton(Secrets);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddVpn(configuration);
        Services = services.BuildServiceProvider();
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public ServiceProvider Services { get; }

    public IVpnProvider Provider(string key) => Services.GetRequiredKeyedService<IVpnProvider>(key);

    public static Server ThreeXUiServer(FakeThreeXUiPanel panel, Action<JsonObject>? tweak = null)
    {
        var section = new JsonObject
        {
            ["panel"] = "3xui",
            ["url"] = panel.Url.ToString(),
            ["username"] = panel.Options.Username,
            ["password"] = Secrets.Protect(panel.Options.Password),
            ["inboundId"] = panel.Options.InboundId,
            ["apiVersion"] = "auto",
            ["subscriptionBaseUrl"] = panel.SubscriptionBaseUrl.ToString(),
        };
        if (panel.Options.ApiToken is { } token)
        {
            section["apiToken"] = Secrets.Protect(token);
            section.Remove("password");
        }
        tweak?.Invoke(section);
        return NewServer(new JsonObject { ["vless"] = section });
    }

    public static Server MarzbanServer(FakeMarzbanPanel panel, Action<JsonObject>? tweak = null)
    {
        var section = new JsonObject
        {
            ["panel"] = "marzban",
            ["url"] = panel.Url.ToString(),
            ["username"] = panel.Options.Username,
            ["password"] = Secrets.Protect(panel.Options.Password),
            ["inboundTags"] = new JsonArray(panel.Options.VlessInbounds.Select(t => (JsonNode)t!).ToArray()),
        };
        tweak?.Invoke(section);
        return NewServer(new JsonObject { ["vless"] = section });
    }

    private static Server NewServer(JsonObject settings)
    {
        var id = Interlocked.Increment(ref _nextServerId);
        return new Server
        {
            Id = id, Name = $"de-{id}", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.10", Domain = "de1.vpn.example",
            SupportedProtocols = [VpnProtocol.Vless], PrimaryProtocol = VpnProtocol.Vless, Settings = settings.ToJsonString(), MaxUsers = 100,
        };
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
