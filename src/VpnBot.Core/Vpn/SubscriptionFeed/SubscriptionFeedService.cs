using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VpnBot.Core;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Vpn.SubscriptionFeed;

/// <summary>
/// The per-user subscription feed VPN apps poll (v2rayNG, Hiddify, Streisand...): every active VLESS
/// link of the user across servers, Base64 like 3X-UI's own feed, with the usage/expiry headers those
/// apps show. The token in the URL is the only credential, so it is long, random and rotatable.
/// </summary>
public sealed class SubscriptionFeedService(AppDbContext db, TimeProvider time, IOptions<SubscriptionFeedOptions> options)
{
    private const int TokenBytes = 32;
    private const int TokenLength = 43; // base64url of 32 bytes, no padding
    private const decimal BytesPerGb = 1L << 30;

    /// <summary>The user's feed token, created on first use.</summary>
    public async Task<string> IssueTokenAsync(long userId, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new InvalidOperationException($"User {userId} does not exist.");
        if (user.SubscriptionToken is { } existing) return existing;
        user.SubscriptionToken = NewToken();
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return user.SubscriptionToken;
    }

    /// <summary>
    /// Replaces the token, so a leaked link answers exactly like an unknown one from now on, and returns the new
    /// one; null when the user is gone or <paramref name="shownFingerprint"/> (the link the button was drawn for,
    /// see <see cref="Fingerprint"/>) is no longer the current one: a repeated, stale or forged press changes nothing.
    /// The swap is a compare-and-set on the old token, so two presses at once rotate once. An admin's rotation
    /// (<paramref name="actorTelegramId"/>) is audited in the same transaction; the audit holds fingerprints, never tokens.
    /// </summary>
    public Task<string?> RotateTokenAsync(long userId, string? shownFingerprint, long? actorTelegramId, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.TelegramId, u.SubscriptionToken }).SingleOrDefaultAsync(token);
            if (user is null || (shownFingerprint is not null && shownFingerprint != Fingerprint(user.SubscriptionToken))) return null;
            var fresh = NewToken();
            var now = time.GetUtcNow();
            var swapped = await db.Users.Where(u => u.Id == userId && u.SubscriptionToken == user.SubscriptionToken)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.SubscriptionToken, fresh).SetProperty(x => x.UpdatedAt, now), token);
            if (swapped == 0) return null;
            if (actorTelegramId is { } actor)
            {
                db.AuditLog.Add(AdminAuditLog.Of(actor, "user-feed-rotate", "user", user.TelegramId.ToString(CultureInfo.InvariantCulture),
                    $"{{\"link\":\"{Fingerprint(user.SubscriptionToken)}\"}}", $"{{\"link\":\"{Fingerprint(fresh)}\"}}", now));
                await db.SaveChangesAsync(token);
            }
            await tx.CommitAsync(token);
            return (string?)fresh;
        }, ct);

    /// <summary>Replaces the token unconditionally (the old feed URL stops working at once) and returns the new one.</summary>
    public async Task<string> RevokeTokenAsync(long userId, CancellationToken ct) =>
        await RotateTokenAsync(userId, null, null, ct) ?? throw new InvalidOperationException($"User {userId} does not exist.");

    /// <summary>
    /// A short, one-way tag of a token for buttons and the audit log: it tells one link from the next
    /// without revealing it ("none" before the first link exists).
    /// </summary>
    public static string Fingerprint(string? token) =>
        token is null ? "none" : Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)), 0, 4);

    /// <summary>The public feed address for a token, when "Vpn:SubscriptionFeed:PublicBaseUrl" is configured.</summary>
    public string? UrlFor(string token) =>
        string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/') + "/sub/" + token;

    public async Task<SubscriptionFeedResponse> GetAsync(string? token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return SubscriptionFeedResponse.Empty;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.SubscriptionToken == token, ct);
        if (user is null || user.IsBanned) return SubscriptionFeedResponse.Empty;

        var now = time.GetUtcNow();
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.UserId == user.Id && s.Status == SubscriptionStatus.Active && s.ExpiresAt > now)
            .Include(s => s.Configs.Where(c => c.IsActive && c.Protocol == VpnProtocol.Vless))
            .ToListAsync(ct);
        if (subscriptions.Count == 0) return SubscriptionFeedResponse.Empty;

        var links = subscriptions.SelectMany(s => s.Configs).OrderBy(c => c.Id)
            .Select(c => c.ConnectionString)
            .Where(l => l is not null && l.StartsWith("vless://", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var body = links.Count == 0 ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', links)));

        // Our usage is one counter per subscription; apps show upload + download, so it goes to download.
        var used = (long)(subscriptions.Sum(s => s.TrafficUsedGb) * BytesPerGb);
        var total = subscriptions.Any(s => s.TrafficLimitGb is null or <= 0) ? 0 : subscriptions.Sum(s => (long)s.TrafficLimitGb!.Value << 30);
        var expire = subscriptions.Max(s => s.ExpiresAt!.Value).ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["subscription-userinfo"] = string.Create(CultureInfo.InvariantCulture, $"upload=0; download={used}; total={total}; expire={expire}"),
            ["profile-title"] = "base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Value.Title)),
            ["profile-update-interval"] = options.Value.UpdateIntervalHours.ToString(CultureInfo.InvariantCulture),
        };
        return new SubscriptionFeedResponse(body, headers);
    }

    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool LooksLikeToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
