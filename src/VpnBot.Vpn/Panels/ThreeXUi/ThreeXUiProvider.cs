using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Qr;

namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>
/// VLESS + REALITY clients on a 3X-UI panel (v2.x and v3.x). The client's email is our stable
/// ExternalName, so every operation finds "its" client by email and a retried create reuses the
/// client an earlier attempt made.
/// </summary>
public sealed class ThreeXUiProvider(IHttpClientFactory httpFactory, SecretProtector secrets, ILogger<ThreeXUiProvider> logger) : IVpnProvider
{
    public const string ProviderKey = "vless:3xui";
    private const string SubIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly TimeSpan InboundTtl = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ThreeXUiSession> _sessions = new();
    private readonly ConcurrentDictionary<string, (ThreeXUiInbound Inbound, long At)> _inbounds = new();

    public string Key => ProviderKey;

    public Task<ProvisionedConfig> CreateAsync(Server server, ProvisionRequest request, CancellationToken ct) =>
        RunAsync(server, async (api, target) =>
        {
            var inbound = await InboundAsync(api, target, ct);
            var limits = new ClientLimits(request.ExpiresAt, request.TrafficLimitBytes, request.DeviceLimit, Enabled: true);
            var client = await api.FindClientQuicklyAsync(request.ExternalName, inbound, ct);
            if (client is null)
            {
                var fresh = ThreeXUiClient.New(Guid.NewGuid().ToString(), request.ExternalName, ThreeXUiLinkBuilder.FlowFor(inbound),
                    limits, request.TelegramId, RandomNumberGenerator.GetString(SubIdAlphabet, 16), $"subscription {request.SubscriptionId}");
                try
                {
                    await api.AddClientAsync(fresh, ct);
                    client = fresh;
                }
                catch (VpnBackendException e) when (e.Error == VpnBackendError.Rejected)
                {
                    // "Duplicate email": a concurrent or lost earlier attempt created it; that one is ours.
                    var existing = await api.FindClientAsync(request.ExternalName, null, ct);
                    if (existing is null) throw;
                    client = existing;
                    logger.LogInformation("{Panel}: client {Email} already existed; reusing it", target.Describe, request.ExternalName);
                }
            }
            else if (!client.Matches(limits))
            {
                var full = await api.FindClientAsync(request.ExternalName, null, ct) ?? client;
                client = full.With(limits);
                await api.UpdateClientAsync(client, ct);
            }
            var link = ThreeXUiLinkBuilder.Build(server.Host, inbound, client, request.Remark, target.Describe).ToString();
            var data = JsonSerializer.Serialize(new ThreeXUiConfigData("3xui", target.InboundId, client.Id, client.Email, client.SubId), ServerSettings.Json);
            return new ProvisionedConfig(data, link, link, target.SubscriptionUrl(client.SubId));
        }, ct);

    /// <summary>
    /// The inbound's transport and REALITY settings, re-read at most once a minute: the full inbound carries
    /// every client of the panel, too much to fetch and parse for each purchase. Dropped on any failure.
    /// </summary>
    private async Task<ThreeXUiInbound> InboundAsync(ThreeXUiApi api, ThreeXUiTarget target, CancellationToken ct)
    {
        var key = $"{target.CacheKey}|{target.InboundId}";
        if (_inbounds.TryGetValue(key, out var cached) && Stopwatch.GetElapsedTime(cached.At) < InboundTtl) return cached.Inbound;
        var inbound = await api.GetInboundAsync(ct);
        _inbounds[key] = (inbound.WithoutClients(), Stopwatch.GetTimestamp());
        return inbound;
    }

    public Task DeleteAsync(Server server, VpnConfig config, CancellationToken ct) =>
        RunAsync(server, async (api, _) =>
        {
            var client = await api.FindClientAsync(EmailOf(config), null, ct);
            if (client is not null) await api.DeleteClientAsync(client, ct); // already gone counts as deleted
            return true;
        }, ct);

    public Task SetEnabledAsync(Server server, VpnConfig config, bool enabled, CancellationToken ct) =>
        RunAsync(server, async (api, target) =>
        {
            var client = await RequireClientAsync(api, target, config, ct);
            if (client.Enable != enabled) await api.UpdateClientAsync(client.WithEnabled(enabled), ct);
            return true;
        }, ct);

    public Task UpdateLimitsAsync(Server server, VpnConfig config, ClientLimits limits, CancellationToken ct) =>
        RunAsync(server, async (api, target) =>
        {
            var client = await RequireClientAsync(api, target, config, ct);
            if (!client.Matches(limits)) await api.UpdateClientAsync(client.With(limits), ct);
            return true;
        }, ct);

    public Task<ClientUsage?> GetUsageAsync(Server server, VpnConfig config, CancellationToken ct) =>
        RunAsync(server, async (api, _) =>
        {
            var email = EmailOf(config);
            var traffic = await api.GetTrafficAsync(email, ct);
            if (traffic is null) return null;
            var online = await api.GetOnlineAsync(ct);
            return (ClientUsage?)Usage(traffic, online.Contains(email));
        }, ct);

    private static ClientUsage Usage(System.Text.Json.Nodes.JsonObject traffic, bool online)
    {
        var lastOnline = PanelJson.Long(traffic["lastOnline"]);
        return new ClientUsage(
            PanelJson.Long(traffic["up"]),
            PanelJson.Long(traffic["down"]),
            lastOnline > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(lastOnline) : null,
            online);
    }

    /// <summary>Many clients: the panel's list of online clients is read once, the traffic row per client.</summary>
    public Task<IReadOnlyList<ClientUsage?>> GetUsagesAsync(Server server, IReadOnlyList<VpnConfig> configs, CancellationToken ct) =>
        RunAsync(server, async (api, _) =>
        {
            var online = await api.GetOnlineAsync(ct);
            var usages = new List<ClientUsage?>(configs.Count);
            foreach (var config in configs)
            {
                var email = EmailOf(config);
                usages.Add(await api.GetTrafficAsync(email, ct) is { } traffic ? Usage(traffic, online.Contains(email)) : null);
            }
            return (IReadOnlyList<ClientUsage?>)usages;
        }, ct);

    public Task ResetTrafficAsync(Server server, VpnConfig config, CancellationToken ct) =>
        RunAsync(server, async (api, _) =>
        {
            await api.ResetTrafficAsync(EmailOf(config), ct);
            return true;
        }, ct);

    public CustomerConfig Render(Server server, VpnConfig config)
    {
        var link = config.ConnectionString
            ?? throw new VpnBackendException(VpnBackendError.Misconfigured, $"Config {config.Id} has no link stored.");
        var qr = config.QrCodeData ?? link;
        return new CustomerConfig(VpnProtocol.Vless, link, null, null, QrCode.Fits(qr) ? QrCode.Png(qr) : null, config.SubscriptionUrl);
    }

    private static async Task<ThreeXUiClient> RequireClientAsync(ThreeXUiApi api, ThreeXUiTarget target, VpnConfig config, CancellationToken ct) =>
        await api.FindClientAsync(EmailOf(config), null, ct)
        ?? throw new VpnBackendException(VpnBackendError.Rejected, $"{target.Describe} has no client {EmailOf(config)} (deleted on the panel?).");

    private static string EmailOf(VpnConfig config)
    {
        try
        {
            var data = JsonSerializer.Deserialize<ThreeXUiConfigData>(config.ConfigData, ServerSettings.Json);
            if (!string.IsNullOrEmpty(data?.Email)) return data.Email;
        }
        catch (JsonException)
        {
            // stored data from elsewhere: the external name is the email too
        }
        return config.ExternalName;
    }

    private async Task<T> RunAsync<T>(Server server, Func<ThreeXUiApi, ThreeXUiTarget, Task<T>> operation, CancellationToken ct)
    {
        var target = Settings(server).Resolve(server, secrets);
        var session = _sessions.GetOrAdd(target.CacheKey, _ => new ThreeXUiSession());
        var connection = new ThreeXUiConnection(httpFactory.CreateClient(PanelHttpClients.ThreeXUi), target, session, logger);
        var api = new ThreeXUiApi(connection, target);
        try
        {
            return await RunDetectingUpgradesAsync(api, connection, target, operation);
        }
        catch
        {
            _inbounds.TryRemove($"{target.CacheKey}|{target.InboundId}", out _); // read it afresh next time
            throw;
        }
    }

    private async Task<T> RunDetectingUpgradesAsync<T>(ThreeXUiApi api, ThreeXUiConnection connection, ThreeXUiTarget target,
        Func<ThreeXUiApi, ThreeXUiTarget, Task<T>> operation)
    {
        try
        {
            return await operation(api, target);
        }
        catch (ThreeXUiRouteMissingException) when (connection.GenerationIsDetected)
        {
            // The panel changed its API since we probed it (an upgrade): probe again, try once more.
            logger.LogWarning("{Panel}: a route went missing; detecting the API version again", target.Describe);
            connection.Redetect();
            try
            {
                return await operation(api, target);
            }
            catch (ThreeXUiRouteMissingException e)
            {
                throw RouteMissing(target, e);
            }
        }
        catch (ThreeXUiRouteMissingException e)
        {
            throw RouteMissing(target, e);
        }
    }

    private static VpnBackendException RouteMissing(ThreeXUiTarget target, ThreeXUiRouteMissingException e) =>
        new(VpnBackendError.Misconfigured, $"{target.Describe} has no route {e.Route}; check \"url\" (web base path) and \"apiVersion\".", e);

    private static ThreeXUiSettings Settings(Server server)
    {
        try
        {
            return server.GetSection<ThreeXUiSettings>("vless")
                ?? throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name} has no \"vless\" settings.");
        }
        catch (JsonException e)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: the \"vless\" settings are not valid JSON for 3X-UI.", e);
        }
    }
}

/// <summary>What a 3X-UI config stores in VpnConfig.ConfigData.</summary>
internal sealed record ThreeXUiConfigData(string Panel, int InboundId, string ClientId, string Email, string SubId);
