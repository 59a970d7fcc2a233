using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Panels;

/// <summary>The /api/user routes and the UserResponse shape.</summary>
public sealed partial class FakeMarzbanPanel
{
    private async Task CreateAsync(HttpContext context)
    {
        if (await ReadJsonAsync(context.Request) is not JsonObject body)
        {
            await ValidationAsync(context, ("body", "", "value is not a valid dict"));
            return;
        }
        var username = Str(body["username"]);
        if (!ValidUsername().IsMatch(username))
        {
            await ValidationAsync(context, ("body", "username", "Username only can be 3 to 32 characters and contain a-z, 0-9, and underscores in between."));
            return;
        }
        if (body["proxies"] is not JsonObject proxies || proxies.Count == 0)
        {
            await ValidationAsync(context, ("body", "proxies", "Each user needs at least one proxy"));
            return;
        }
        if (Validate(context, body, create: true) is { } problem)
        {
            await problem;
            return;
        }
        var inbounds = body["inbounds"]?["vless"] as JsonArray;
        if (inbounds?.Select(Str).FirstOrDefault(t => !Options.VlessInbounds.Contains(t)) is { } unknown)
        {
            await DetailAsync(context, 400, $"Inbound {unknown} doesn't exist");
            return;
        }
        JsonObject user;
        lock (_lock)
        {
            if (_users.ContainsKey(username))
            {
                user = null!;
            }
            else
            {
                var vless = (proxies["vless"] as JsonObject)?.DeepClone() as JsonObject ?? [];
                if (Str(vless["id"]).Length == 0) vless["id"] = Guid.NewGuid().ToString();
                user = new JsonObject
                {
                    ["username"] = username,
                    ["proxies"] = new JsonObject { ["vless"] = vless },
                    ["inbounds"] = new JsonObject { ["vless"] = new JsonArray((inbounds?.Select(Str) ?? Options.VlessInbounds).Select(t => (JsonNode)t!).ToArray()) },
                    ["expire"] = body["expire"]?.DeepClone(),
                    ["data_limit"] = body["data_limit"]?.DeepClone(),
                    ["data_limit_reset_strategy"] = Str(body["data_limit_reset_strategy"]) is { Length: > 0 } s ? s : "no_reset",
                    ["status"] = Str(body["status"]) is { Length: > 0 } st ? st : "active",
                    ["note"] = body["note"]?.DeepClone(),
                    ["used_traffic"] = 0L,
                    ["lifetime_used_traffic"] = 0L,
                    ["online_at"] = null,
                    ["created_at"] = Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                    ["sub_token"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
                };
                _users[username] = user;
            }
        }
        if (user is null) await DetailAsync(context, 409, "User already exists");
        else await JsonAsync(context, 200, Response(user));
    }

    private Task GetAsync(HttpContext context, string username)
    {
        lock (_lock)
        {
            return _users.TryGetValue(username, out var user)
                ? JsonAsync(context, 200, Response(user))
                : DetailAsync(context, 404, "User not found");
        }
    }

    private async Task ModifyAsync(HttpContext context, string username)
    {
        if (await ReadJsonAsync(context.Request) is not JsonObject body)
        {
            await ValidationAsync(context, ("body", "", "value is not a valid dict"));
            return;
        }
        if (Validate(context, body, create: false) is { } problem)
        {
            await problem;
            return;
        }
        JsonObject? response = null;
        lock (_lock)
        {
            if (_users.TryGetValue(username, out var user))
            {
                foreach (var field in new[] { "expire", "data_limit", "status", "note", "data_limit_reset_strategy", "proxies", "inbounds" })
                    if (body.ContainsKey(field)) user[field] = body[field]?.DeepClone();
                response = Response(user);
            }
        }
        if (response is null) await DetailAsync(context, 404, "User not found");
        else await JsonAsync(context, 200, response);
    }

    private Task DeleteAsync(HttpContext context, string username)
    {
        bool removed;
        lock (_lock) removed = _users.Remove(username);
        return removed ? DetailAsync(context, 200, "User successfully deleted") : DetailAsync(context, 404, "User not found");
    }

    private Task UsageAsync(HttpContext context, string username)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(username, out var user)) return DetailAsync(context, 404, "User not found");
            return JsonAsync(context, 200, new JsonObject
            {
                ["username"] = username,
                ["usages"] = new JsonArray(new JsonObject { ["node_id"] = null, ["node_name"] = "Master", ["used_traffic"] = user["used_traffic"]!.DeepClone() }),
            });
        }
    }

    /// <summary>POST /api/user/{username}/reset: used traffic back to zero; a user limited by traffic is active again.</summary>
    private Task ResetAsync(HttpContext context, string username)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(username, out var user)) return DetailAsync(context, 404, "User not found");
            user["used_traffic"] = 0L;
            if ((string?)user["status"] == "limited") user["status"] = "active";
            return JsonAsync(context, 200, Response(user));
        }
    }

    private Task SubscriptionAsync(HttpContext context, string token)
    {
        JsonObject? user;
        lock (_lock) user = _users.Values.FirstOrDefault(u => Str(u["sub_token"]) == token) is { } u ? Response(u) : null;
        if (user is null) return DetailAsync(context, 404, "Not Found");
        var links = (user["links"] as JsonArray)!.Select(Str);
        context.Response.Headers["subscription-userinfo"] =
            $"upload=0; download={user["used_traffic"]}; total={Num(user["data_limit"])}; expire={Num(user["expire"])}";
        context.Response.Headers["profile-update-interval"] = "12";
        return context.Response.WriteAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', links))));
    }

    /// <summary>pydantic's checks on expire/data_limit/status.</summary>
    private static Task? Validate(HttpContext context, JsonObject body, bool create)
    {
        foreach (var field in new[] { "expire", "data_limit" })
        {
            if (body[field] is null) continue;
            if (body[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<long>(out var n) || n < 0)
                return ValidationAsync(context, ("body", field, "value is not a valid integer"));
        }
        var status = Str(body["status"]);
        string[] allowed = create ? ["active", "on_hold"] : ["active", "disabled", "on_hold"];
        if (body.ContainsKey("status") && !allowed.Contains(status))
            return ValidationAsync(context, ("body", "status", $"value is not a valid enumeration member; permitted: {string.Join(", ", allowed)}"));
        return null;
    }

    /// <summary>UserResponse: the stored user plus computed status, links and subscription_url.</summary>
    private JsonObject Response(JsonObject user)
    {
        var copy = (JsonObject)user.DeepClone();
        var token = Str(copy["sub_token"]);
        copy.Remove("sub_token");
        var status = Str(copy["status"]);
        var expire = Num(copy["expire"]);
        var limit = Num(copy["data_limit"]);
        if (status == "active" && expire > 0 && expire <= Time.GetUtcNow().ToUnixTimeSeconds()) status = "expired";
        else if (status == "active" && limit > 0 && Num(copy["used_traffic"]) >= limit) status = "limited";
        copy["status"] = status;
        var id = Str(copy["proxies"]?["vless"]?["id"]);
        var flow = Str(copy["proxies"]?["vless"]?["flow"]);
        copy["links"] = new JsonArray(((copy["inbounds"]?["vless"] as JsonArray)?.Select(Str) ?? []).Select(tag => (JsonNode)(
            $"vless://{id}@{Options.Host}:{Options.InboundPort}?security=reality&type=tcp&headerType=&flow={flow}&path=&host=" +
            $"&sni=www.apple.com&fp=chrome&pbk=hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo&sid=6ba85179e30d4fc2&spx=%2F" +
            $"#{Uri.EscapeDataString($"🚀 Marzban ({Str(copy["username"])}) [VLESS - {tag}]")}")!).ToArray());
        copy["subscription_url"] = Options.SubscriptionUrlPrefix + "/sub/" + token;
        copy["excluded_inbounds"] = new JsonObject { ["vless"] = new JsonArray() };
        copy["admin"] = new JsonObject { ["username"] = Options.Username, ["is_sudo"] = true };
        return copy;
    }
}
