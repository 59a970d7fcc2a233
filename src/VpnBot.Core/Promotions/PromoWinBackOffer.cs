using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Promotions;

/// <summary>
/// The last win-back message's offer: a personal one-use percent code (<c>Subscriptions:WinBackOfferPercent</c>,
/// 0 = none), valid for <c>Subscriptions:WinBackOfferValidDays</c>. A code already issued to the customer since
/// this lapse began is answered again, so a run that died between claim and send does not mint a second one.
/// </summary>
public sealed class PromoWinBackOffer(AppDbContext db, PromoCodes promoCodes, IOptions<SubscriptionOptions> options) : IWinBackOffer
{
    public async Task<string?> CodeForAsync(WinBackLapse lapse, CancellationToken ct)
    {
        var percent = options.Value.WinBackOfferPercent;
        if (percent is < 1 or > 99) return null;
        var issued = await db.PromoCodes.AsNoTracking()
            .Where(c => c.OwnerUserId == lapse.UserId && c.CreatedAt >= lapse.ExpiredAt)
            .OrderBy(c => c.Id).Select(c => c.Code).FirstOrDefaultAsync(ct);
        if (issued is not null) return issued;
        var code = await promoCodes.IssuePersonalAsync(lapse.UserId, percent, TimeSpan.FromDays(Math.Max(1, options.Value.WinBackOfferValidDays)), ct);
        return code.Code;
    }
}
