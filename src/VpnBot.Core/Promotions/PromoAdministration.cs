using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Promotions;

/// <summary>Operators' side of promo codes, shared by the admin bot and the command line; every change is audited.</summary>
public sealed class PromoAdministration(AppDbContext db, TimeProvider time)
{
    public sealed record Created(PromoCode? Code, string? Problem);

    public async Task<Created> CreateAsync(long actorTelegramId, PromoDraft draft, CancellationToken ct)
    {
        if (draft.Problem() is { } problem) return new Created(null, problem);
        var code = PromoCode.Normalize(draft.Code);
        if (draft.PlanIds.Count > 0)
        {
            var known = await db.Plans.Where(p => draft.PlanIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            if (draft.PlanIds.Except(known).FirstOrDefault() is var missing and > 0) return new Created(null, $"no plan with id {missing}");
        }
        var now = time.GetUtcNow();
        var promo = new PromoCode
        {
            Code = code, Kind = draft.Kind, Value = draft.Value, MaxUses = draft.MaxUses, PerCustomer = draft.PerCustomer,
            ValidFrom = draft.ValidFrom, ValidUntil = draft.ValidUntil, FirstPurchaseOnly = draft.FirstPurchaseOnly,
            PlanIds = draft.PlanIds.Count > 0 ? [.. draft.PlanIds.Distinct()] : null, CreatedAt = now,
        };
        try
        {
            return await db.InTransactionAsync(async t =>
            {
                db.PromoCodes.Add(promo);
                await db.SaveChangesAsync(t);
                db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "promo-add", "promo", promo.Id.ToString(CultureInfo.InvariantCulture), null,
                    JsonSerializer.Serialize(new { promo.Code, Kind = PromoDraft.KindName(promo.Kind), promo.Value, promo.MaxUses, promo.PerCustomer,
                        promo.ValidFrom, promo.ValidUntil, promo.FirstPurchaseOnly, promo.PlanIds }), now));
                await db.SaveChangesAsync(t);
                return new Created(promo, null);
            }, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new Created(null, $"the code {code} already exists");
        }
    }

    /// <summary>Page <paramref name="page"/> (from 0), newest first, personal codes left out (there is one per win-back offer).</summary>
    public async Task<PromoPage> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var codes = await db.PromoCodes.AsNoTracking().Where(p => p.OwnerUserId == null)
            .OrderByDescending(p => p.Id).Skip(page * pageSize).Take(pageSize + 1).ToListAsync(ct);
        var ids = codes.Select(c => c.Id).ToList();
        var counts = await db.PromoRedemptions.AsNoTracking()
            .Where(r => ids.Contains(r.PromoCodeId) && r.Status != RedemptionStatus.Released)
            .GroupBy(r => new { r.PromoCodeId, r.Status })
            .Select(g => new { g.Key.PromoCodeId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        int Count(long id, RedemptionStatus status) => counts.Where(c => c.PromoCodeId == id && c.Status == status).Sum(c => c.Count);
        return new PromoPage([.. codes.Take(pageSize).Select(c => new PromoUsage(c, Count(c.Id, RedemptionStatus.Used), Count(c.Id, RedemptionStatus.Reserved)))],
            page, codes.Count > pageSize);
    }

    public Task<PromoCode?> FindAsync(string code, CancellationToken ct)
    {
        var normalized = PromoCode.Normalize(code);
        return db.PromoCodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == normalized, ct);
    }

    /// <summary>Switches a code off: a conditional UPDATE and its audit row in one transaction (a repeat changes nothing). Open checkouts keep their price.</summary>
    public Task<ToggleOutcome> DisableAsync(long actorTelegramId, long promoId, CancellationToken ct) =>
        db.InTransactionAsync(async t =>
        {
            if (!await db.PromoCodes.AnyAsync(p => p.Id == promoId, t)) return ToggleOutcome.NotFound;
            var now = time.GetUtcNow();
            var changed = await db.PromoCodes.Where(p => p.Id == promoId && p.IsActive)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, false).SetProperty(p => p.DisabledAt, now), t);
            if (changed == 0) return ToggleOutcome.AlreadyInState;
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "promo-disable", "promo", promoId.ToString(CultureInfo.InvariantCulture),
                AdminAuditLog.Flag("active", true), AdminAuditLog.Flag("active", false), now));
            await db.SaveChangesAsync(t);
            return ToggleOutcome.Changed;
        }, ct);
}
