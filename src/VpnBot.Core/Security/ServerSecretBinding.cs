using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Security;

/// <summary>
/// Migrates every server's stored settings secrets to the bound format (see <see cref="ServerSecrets.Bind"/>):
/// values written before secrets were bound to their server and field are re-encrypted in place. Run by the
/// <c>migrate</c> verb; safe to run again (bound values are left alone).
/// </summary>
public static class ServerSecretBinding
{
    public sealed record Result(int Servers, int Values);

    public static async Task<Result> BindAllAsync(AppDbContext db, SecretProtector protector, CancellationToken ct)
    {
        var (servers, values) = (0, 0);
        foreach (var server in await db.Servers.OrderBy(s => s.Id).ToListAsync(ct))
        {
            var settings = JsonNode.Parse(server.Settings);
            var changed = ServerSecrets.Bind(settings, server.Id, protector);
            if (changed == 0) continue;
            server.Settings = settings!.ToJsonString();
            (servers, values) = (servers + 1, values + changed);
        }
        await db.SaveChangesAsync(ct);
        return new Result(servers, values);
    }
}
