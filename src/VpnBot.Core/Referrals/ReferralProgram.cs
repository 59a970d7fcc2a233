using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Referrals;

/// <summary>
/// Whether the referral program runs: configured on (<see cref="ReferralOptions.Enabled"/>) and not switched off by an
/// admin. While it is off, links attribute nothing new and no reward is granted, not even for friends invited
/// before (they earn again once it is back on); rewards already granted stay and are still taken back on refund.
/// </summary>
public sealed class ReferralProgram(AppDbContext db, TimeProvider time, IOptions<ReferralOptions> options)
{
    public ReferralOptions Options => options.Value;

    public async Task<bool> IsOnAsync(CancellationToken ct) =>
        options.Value.Enabled
        && await db.FeatureSwitches.AsNoTracking().Where(f => f.Name == FeatureSwitch.Referrals)
            .Select(f => (bool?)f.Enabled).SingleOrDefaultAsync(ct) != false;

    /// <summary>The admin switch; a repeated press changes nothing. The change and its audit row commit together.</summary>
    public Task<ToggleOutcome> SetAsync(long actorTelegramId, bool enabled, CancellationToken ct) =>
        db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            // The row is made on first use; its lock makes two admins' presses take turns.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO feature_switches (name, enabled, updated_at, updated_by) VALUES ({FeatureSwitch.Referrals}, TRUE, {now}, 0)
                ON CONFLICT (name) DO NOTHING
                """, t);
            var changed = await db.Database.ExecuteSqlAsync($"""
                UPDATE feature_switches SET enabled = {enabled}, updated_at = {now}, updated_by = {actorTelegramId}
                WHERE name = {FeatureSwitch.Referrals} AND enabled <> {enabled}
                """, t);
            if (changed == 0) return ToggleOutcome.AlreadyInState;
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, enabled ? "referrals-enable" : "referrals-disable", "feature",
                FeatureSwitch.Referrals, AdminAuditLog.Flag("enabled", !enabled), AdminAuditLog.Flag("enabled", enabled), now));
            await db.SaveChangesAsync(t);
            return ToggleOutcome.Changed;
        }, ct);

    /// <summary>Extra trial days for an invited customer (0 when they were not invited or the bonus is something else).</summary>
    public async Task<int> TrialBonusDaysAsync(long userId, CancellationToken ct)
    {
        var o = options.Value;
        if (o.InviteeBonus != InviteeBonus.TrialDays || o.InviteeTrialDays <= 0) return 0;
        var invited = await db.Users.AnyAsync(u => u.Id == userId && u.ReferredByUserId != null, ct);
        return invited && await IsOnAsync(ct) ? o.InviteeTrialDays : 0;
    }

    /// <summary>
    /// The invited customer's first-purchase price: <see cref="ReferralOptions.InviteeDiscountPercent"/> off, rounded
    /// to kopecks (Stars up to a whole star, as Telegram takes no fractions). Null when no discount applies:
    /// not invited, already paid once, the bonus is not a discount, or the program is off.
    /// </summary>
    public async Task<Payments.Money?> FirstPurchasePriceAsync(long userId, Payments.Money price, CancellationToken ct)
    {
        var o = options.Value;
        if (o.InviteeBonus != InviteeBonus.Discount || o.InviteeDiscountPercent is < 1 or > 90) return null;
        var eligible = await db.Users.AnyAsync(u => u.Id == userId && u.ReferredByUserId != null, ct)
            && !await db.Payments.AnyAsync(p => p.UserId == userId && p.PaidAt != null, ct);
        if (!eligible || !await IsOnAsync(ct)) return null;
        var discounted = price.Amount * (100 - o.InviteeDiscountPercent) / 100m;
        discounted = price.Currency == Payments.PaymentMethods.StarsCurrency
            ? Math.Ceiling(discounted)
            : Math.Round(discounted, 2, MidpointRounding.AwayFromZero);
        return discounted < price.Amount && discounted > 0 ? new Payments.Money(discounted, price.Currency) : null;
    }
}
