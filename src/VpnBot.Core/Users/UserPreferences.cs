using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Users;

/// <summary>Settings a user changes in the bot: interface language and protocol preference.</summary>
public sealed class UserPreferences(AppDbContext db, TimeProvider time)
{
    /// <summary>The protocols a customer may prefer (those the VPN providers deliver).</summary>
    public static readonly IReadOnlyList<VpnProtocol> Selectable = [VpnProtocol.Vless, VpnProtocol.WireGuard, VpnProtocol.OpenVpn];

    /// <summary>Sets the bot language ("ru" or "en"); false (and no change) for anything else or an unknown user.</summary>
    public async Task<bool> SetLanguageAsync(long userId, string? uiLanguage, CancellationToken ct)
    {
        if (!LanguageCodes.IsSupported(uiLanguage)) return false;
        var now = time.GetUtcNow();
        return await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.UiLanguage, uiLanguage).SetProperty(u => u.UpdatedAt, now), ct) == 1;
    }

    /// <summary>A preferred protocol, or null for automatic selection; false (and no change) for one we do not offer.</summary>
    public async Task<bool> SetProtocolAsync(long userId, VpnProtocol? protocol, CancellationToken ct)
    {
        if (protocol is { } p && !Selectable.Contains(p)) return false;
        var now = time.GetUtcNow();
        return await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.PreferredProtocol, protocol)
                .SetProperty(u => u.AutoSelectProtocol, protocol == null)
                .SetProperty(u => u.UpdatedAt, now), ct) == 1;
    }
}
