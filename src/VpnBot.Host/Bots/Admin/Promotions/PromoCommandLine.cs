using System.Globalization;
using VpnBot.Core.Promotions;

namespace VpnBot.Host.Bots.Admin.Promotions;

/// <summary>
/// "/promo add SPRING percent 20 uses=100 per=1 from=2026-12-01 until=2027-01-31 plans=1,2 first": one line, so a
/// code is made in one message. Returns the draft, or what is wrong with the line (in English, as the CLI's errors).
/// </summary>
public static class PromoCommandLine
{
    public const string Syntax = "/promo add CODE percent|amount|days|free|balance VALUE [uses=N] [per=N] [from=YYYY-MM-DD] [until=YYYY-MM-DD] [plans=1,2] [first]";

    public static (PromoDraft? Draft, string? Error) Parse(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 3) return (null, "give the code, its kind and its value");
        if (PromoDraft.ParseKind(words[1]) is not { } kind) return (null, $"unknown kind '{words[1]}'");
        if (!decimal.TryParse(words[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return (null, $"'{words[2]}' is not a number");
        var draft = new PromoDraft(words[0], kind, value);
        foreach (var word in words.Skip(3))
        {
            var (key, text) = word.IndexOf('=') is var eq and > 0 ? (word[..eq].ToLowerInvariant(), word[(eq + 1)..]) : (word.ToLowerInvariant(), "");
            switch (key)
            {
                case "first" when text.Length == 0:
                    draft = draft with { FirstPurchaseOnly = true };
                    break;
                case "uses" when int.TryParse(text, CultureInfo.InvariantCulture, out var uses):
                    draft = draft with { MaxUses = uses };
                    break;
                case "per" when int.TryParse(text, CultureInfo.InvariantCulture, out var per):
                    draft = draft with { PerCustomer = per };
                    break;
                case "from" when PromoDraft.ParseDate(text, endOfDay: false) is { } from:
                    draft = draft with { ValidFrom = from };
                    break;
                case "until" when PromoDraft.ParseDate(text, endOfDay: true) is { } until:
                    draft = draft with { ValidUntil = until };
                    break;
                case "plans" when ParseIds(text) is { } plans:
                    draft = draft with { PlanIds = plans };
                    break;
                default:
                    return (null, $"cannot read '{word}'");
            }
        }
        return draft.Problem() is { } problem ? (null, problem) : (draft, null);
    }

    public static IReadOnlyList<long>? ParseIds(string text)
    {
        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, CultureInfo.InvariantCulture, out var id)) return null;
            ids.Add(id);
        }
        return ids.Count > 0 ? ids : null;
    }
}
