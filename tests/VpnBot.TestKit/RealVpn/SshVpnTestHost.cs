using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Security;
using VpnBot.Vpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// The SSH-driven providers wired exactly as the host wires them (AddSshVpnProviders) against a real
/// database, with every log line and every remote command line recorded for inspection.
/// </summary>
public sealed class SshVpnTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="protector">The key of an earlier host, to act as the same installation after a restart.</param>
    public SshVpnTestHost(string connectionString, Action<SshOptions>? ssh = null, SecretProtector? protector = null)
    {
        Protector = protector ?? new SecretProtector(RandomNumberGenerator.GetBytes(32));
        Logs = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres(connectionString));
        services.AddSingleton(Protector);
        services.AddSshVpnProviders(o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(10);
            o.CommandTimeout = TimeSpan.FromSeconds(20);
            o.RetryDelay = TimeSpan.FromMilliseconds(100);
            ssh?.Invoke(o);
        });
        services.AddSingleton<ISshConnector>(sp => new RecordingSshConnector(new SshNetConnector(sp.GetRequiredService<SshOptions>())));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public SecretProtector Protector { get; }
    public RecordingLoggerProvider Logs { get; }
    public IServiceProvider Services => _services;
    public RecordingSshConnector Ssh => (RecordingSshConnector)_services.GetRequiredService<ISshConnector>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public T GetKeyed<T>(string key) where T : notnull => _services.GetRequiredKeyedService<T>(key);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
