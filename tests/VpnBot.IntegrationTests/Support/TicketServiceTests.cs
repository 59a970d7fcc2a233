using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Support;

public class TicketServiceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly RecordingRelay _relay = new();

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Two_racing_opens_for_one_user_leave_exactly_one_open_ticket()
    {
        var userId = await NewUserAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = _database.CreateContext();
            return await Service(db).OpenAsync(userId, $"Subject {i}", "Message", null, CancellationToken.None);
        }));

        Assert.Single(results, r => r.Ok);
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal(TicketError.AlreadyOpen, r.Error));
        await using var check = _database.CreateContext();
        Assert.Equal(1, await check.SupportTickets.CountAsync(t => t.UserId == userId));
        Assert.Single(_relay.Calls, c => c.StartsWith("opened", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_input_changes_nothing_and_relays_nothing()
    {
        var userId = await NewUserAsync();
        await using var db = _database.CreateContext();
        var service = Service(db);
        Assert.Equal(TicketError.SubjectTooLong, (await service.OpenAsync(userId, new string('s', 129), "m", null, default)).Error);
        Assert.Equal(TicketError.MessageEmpty, (await service.OpenAsync(userId, "s", " ", null, default)).Error);
        Assert.Equal(TicketError.NotFound, (await service.AddClientMessageAsync(userId, "hello", null, default)).Error);
        Assert.Equal(TicketError.NotFound, (await service.CloseAsync(userId, 12345, default)).Error);
        Assert.False(await db.SupportTickets.AnyAsync());
        Assert.Empty(_relay.Calls);
    }

    [Fact]
    public async Task A_client_can_close_only_their_own_ticket_and_only_once()
    {
        var owner = await NewUserAsync();
        var stranger = await NewUserAsync();
        await using var db = _database.CreateContext();
        var service = Service(db);
        var ticket = (await service.OpenAsync(owner, "Mine", "text", 5, default)).Ticket!;

        Assert.Equal(TicketError.NotFound, (await service.CloseAsync(stranger, ticket.Id, default)).Error);
        Assert.True((await service.CloseAsync(owner, ticket.Id, default)).Ok);
        Assert.Equal(TicketError.AlreadyClosed, (await service.CloseAsync(owner, ticket.Id, default)).Error);
        Assert.Empty(await service.ListOpenAsync(owner, default));
        Assert.Equal([$"opened {ticket.Id}", $"closed {ticket.Id}"], _relay.Calls);
    }

    [Fact]
    public async Task A_relay_that_throws_does_not_undo_or_fail_the_change()
    {
        var userId = await NewUserAsync();
        _relay.Throw = true;
        await using var db = _database.CreateContext();
        var service = Service(db);
        var opened = await service.OpenAsync(userId, "Subject", "first", null, default);
        var added = await service.AddClientMessageAsync(userId, "second", null, default);

        Assert.True(opened.Ok && added.Ok);
        await using var check = _database.CreateContext();
        Assert.Equal(2, await check.SupportMessages.CountAsync(m => m.TicketId == opened.Ticket!.Id));
        Assert.Equal(TicketStatus.Open, (await check.SupportTickets.SingleAsync(t => t.Id == opened.Ticket!.Id)).Status);
    }

    private TicketService Service(AppDbContext db) => new(db, _relay, new NoCustomerRelay(), TimeProvider.System, NullLogger<TicketService>.Instance);

    private async Task<long> NewUserAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var user = await new UserRegistry(dataSource, TimeProvider.System)
            .UpsertAsync(new TelegramProfile(Random.Shared.NextInt64(1, long.MaxValue), null, "U", null, "ru"), CancellationToken.None);
        return user.Id;
    }

    private sealed class NoCustomerRelay : ICustomerTicketRelay
    {
        public Task<CustomerDelivery> StaffReplyAddedAsync(long ticketId, long messageId, CancellationToken ct) => throw new InvalidOperationException("No staff side here.");

        public Task<CustomerDelivery> TicketClosedByStaffAsync(long ticketId, CancellationToken ct) => throw new InvalidOperationException("No staff side here.");
    }

    private sealed class RecordingRelay : ITicketRelay
    {
        private readonly ConcurrentQueue<string> _calls = new();

        public bool Throw { get; set; }

        public IReadOnlyList<string> Calls => [.. _calls];

        public Task TicketOpenedAsync(long ticketId, long firstMessageId, CancellationToken ct) => Record($"opened {ticketId}");

        public Task ClientMessageAddedAsync(long ticketId, long messageId, CancellationToken ct) => Record($"message {ticketId}");

        public Task TicketClosedByClientAsync(long ticketId, CancellationToken ct) => Record($"closed {ticketId}");

        private Task Record(string call)
        {
            if (Throw) throw new HttpRequestException("staff group unreachable");
            _calls.Enqueue(call);
            return Task.CompletedTask;
        }
    }
}
