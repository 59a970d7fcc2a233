using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.IntegrationTests.Vpn.WireGuard;

/// <summary>Address reservations under real PostgreSQL concurrency.</summary>
public sealed class IpAddressAllocatorTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private SshVpnTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = new SshVpnTestHost(_db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IpAddressAllocator Allocator => _host.Get<IpAddressAllocator>();

    private static readonly WireGuardSubnet Subnet = WireGuardSubnet.TryParse("10.8.0.0/24")!;

    [Fact]
    public async Task A_hundred_concurrent_purchases_get_a_hundred_different_addresses()
    {
        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(1, 100).Select(async i =>
        {
            await start.Task;
            return await Allocator.ReserveAsync(1, Subnet, $"tg_{i}_1", a => $"{{\"n\":{i}}}", default);
        }).ToList();
        start.SetResult();
        var reservations = await Task.WhenAll(tasks);

        var addresses = reservations.Select(r => r.Address).ToList();
        Assert.Equal(100, addresses.Distinct().Count());
        // Lowest first, nothing skipped: .2 … .101.
        Assert.Equal(Enumerable.Range(2, 100).Select(i => $"10.8.0.{i}").Order(), addresses.Order());
        await using var db = _db.CreateContext();
        Assert.Equal(100, await db.IpAllocations.CountAsync(a => a.ServerId == 1));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_purchase_share_one_reservation()
    {
        var made = 0;
        var reservations = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Allocator.ReserveAsync(2, Subnet, "tg_5_1",
            a => { Interlocked.Increment(ref made); return $"{{\"address\":\"{a}\"}}"; }, default)));
        Assert.Single(reservations.Select(r => r.Address).Distinct());
        Assert.Single(reservations.Select(r => r.Id).Distinct());
        Assert.Equal(1, made);
    }

    [Fact]
    public async Task A_released_address_is_handed_out_again()
    {
        for (var i = 1; i <= 5; i++) await Allocator.ReserveAsync(3, Subnet, $"c{i}", _ => "{}", default);
        Assert.True(await Allocator.ReleaseAsync(3, "c3", default));
        Assert.False(await Allocator.ReleaseAsync(3, "c3", default));
        Assert.Null(await Allocator.FindAsync(3, "c3", default));

        var next = await Allocator.ReserveAsync(3, Subnet, "c6", _ => "{}", default);
        Assert.Equal("10.8.0.4", next.Address);
    }

    [Fact]
    public async Task Servers_do_not_share_addresses_and_a_full_subnet_is_refused()
    {
        var tiny = WireGuardSubnet.TryParse("10.9.0.0/30")!; // one client address: .2
        var a = await Allocator.ReserveAsync(4, tiny, "x", _ => "{}", default);
        var b = await Allocator.ReserveAsync(5, tiny, "x", _ => "{}", default);
        Assert.Equal("10.9.0.2", a.Address);
        Assert.Equal("10.9.0.2", b.Address);
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => Allocator.ReserveAsync(4, tiny, "y", _ => "{}", default));
        Assert.Equal(VpnBackendError.Rejected, e.Error);
        await using var db = _db.CreateContext();
        Assert.False(await db.IpAllocations.AnyAsync(r => r.ExternalName == "y"));
    }

    [Fact]
    public async Task A_row_written_outside_the_allocator_is_stepped_around()
    {
        await using (var db = _db.CreateContext())
        {
            db.IpAllocations.Add(new IpAllocation { ServerId = 6, Address = "10.8.0.2", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var r = await Allocator.ReserveAsync(6, Subnet, "z", _ => "{}", default);
        Assert.Equal("10.8.0.3", r.Address);
    }
}
