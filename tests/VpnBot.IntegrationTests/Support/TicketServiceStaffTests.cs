using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Support;

/// <summary>The staff's side of TicketService against PostgreSQL: transitions, audit rows, what reaches the customer.</summary>
public class TicketServiceStaffTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly RecordingCustomerRelay _customers = new();
    private int _nextTopic = 500;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_first_answer_is_stored_as_staff_takes_the_ticket_waits_for_the_client_and_is_audited()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var staff = await NewUserAsync();
        await using var db = _database.CreateContext();

        var result = await Service(db).AddStaffReplyAsync(topic, staff, "Попробуйте сервер в Финляндии", 777, default);

        Assert.Equal(CustomerDelivery.Delivered, result.Delivery);
        await using var check = _database.CreateContext();
        var ticket = await check.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticketId);
        Assert.Equal((TicketStatus.WaitingClient, (long?)staff.Id), (ticket.Status, ticket.AssignedAdminId));
        var answer = Assert.Single(ticket.Messages, m => m.IsFromAdmin);
        Assert.Equal(("Попробуйте сервер в Финляндии", staff.Id, (int?)777), (answer.MessageText, answer.UserId, answer.TelegramMessageId));
        Assert.Equal([$"reply {ticketId} {answer.Id}"], _customers.Calls);

        var audit = await AuditAsync(check, ticketId);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(staff.TelegramId, a.ActorTelegramId));
        var status = Assert.Single(audit, a => a.Action == TicketService.AuditStatus);
        Assert.Equal(("open", "waiting_client"), (Field(status.Before, "status"), Field(status.After, "status")));
        var assign = Assert.Single(audit, a => a.Action == TicketService.AuditAssign);
        Assert.Equal((null, staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (Field(assign.Before, "assignedAdminId"), Field(assign.After, "assignedAdminId")));
    }

    [Fact]
    public async Task A_client_message_hands_the_ticket_back_and_only_real_changes_are_audited()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var staff = await NewUserAsync();
        await using (var db = _database.CreateContext())
        {
            var service = Service(db);
            await service.AddStaffReplyAsync(topic, staff, "Which app?", null, default);
            await service.AddStaffReplyAsync(topic, staff, "And which phone?", null, default);
        }
        await using (var db = _database.CreateContext())
        {
            var customer = await db.SupportTickets.Where(t => t.Id == ticketId).Select(t => t.UserId).SingleAsync();
            await Service(db).AddClientMessageAsync(customer, "Streisand, iPhone", null, default);
            Assert.Equal(TicketStatus.InProgress, (await db.SupportTickets.SingleAsync(t => t.Id == ticketId)).Status);
            await Service(db).AddStaffReplyAsync(topic, staff, "Update Streisand", null, default);
        }
        await using var check = _database.CreateContext();
        Assert.Equal(TicketStatus.WaitingClient, (await check.SupportTickets.SingleAsync(t => t.Id == ticketId)).Status);
        // open→waiting_client and the assignment; the second answer changed nothing; the client's message is not a staff action.
        var audit = await AuditAsync(check, ticketId);
        Assert.Equal(
            [(TicketService.AuditStatus, "open", "waiting_client"), (TicketService.AuditStatus, "in_progress", "waiting_client")],
            audit.Where(a => a.Action == TicketService.AuditStatus).Select(a => (a.Action, Field(a.Before, "status"), Field(a.After, "status"))).ToList());
        Assert.Single(audit, a => a.Action == TicketService.AuditAssign);
    }

    [Fact]
    public async Task An_answer_that_is_too_long_empty_for_a_closed_ticket_or_an_unknown_topic_changes_nothing()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var staff = await NewUserAsync();
        await using var db = _database.CreateContext();
        var service = Service(db);

        Assert.Equal(TicketError.MessageTooLong, (await service.AddStaffReplyAsync(topic, staff, new string('x', SupportMessage.MaxStaffTextLength + 1), 1, default)).Error);
        Assert.Equal(TicketError.MessageEmpty, (await service.AddStaffReplyAsync(topic, staff, "  ", 2, default)).Error);
        Assert.Equal(TicketError.NotFound, (await service.AddStaffReplyAsync(topic + 10_000, staff, "hello", 3, default)).Error);
        await using (var other = _database.CreateContext())
        {
            var customer = await other.SupportTickets.Where(t => t.Id == ticketId).Select(t => t.UserId).SingleAsync();
            await Service(other).CloseAsync(customer, ticketId, default);
        }
        // A fresh context, as each update has its own scope (this one still tracks the ticket as it was).
        await using (var later = _database.CreateContext())
            Assert.Equal(TicketError.AlreadyClosed, (await Service(later).AddStaffReplyAsync(topic, staff, "hello", 4, default)).Error);

        await using var check = _database.CreateContext();
        Assert.False(await check.SupportMessages.AnyAsync(m => m.IsFromAdmin));
        Assert.Null((await check.SupportTickets.SingleAsync(t => t.Id == ticketId)).AssignedAdminId);
        Assert.Empty(await AuditAsync(check, ticketId));
        Assert.Empty(_customers.Calls);
    }

    [Fact]
    public async Task Staff_close_a_ticket_once_the_customer_is_told_and_reopen_brings_it_back_in_progress()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var staff = await NewUserAsync();
        await using var db = _database.CreateContext();
        var service = Service(db);

        Assert.Equal(TicketError.NotClosed, (await service.ReopenByStaffAsync(topic, staff, default)).Error);
        var closed = await service.CloseByStaffAsync(topic, staff, default);
        Assert.Equal((true, CustomerDelivery.Delivered), (closed.Ok, closed.Delivery));
        Assert.Equal(TicketError.AlreadyClosed, (await service.CloseByStaffAsync(topic, staff, default)).Error);
        Assert.Equal([$"closed {ticketId}"], _customers.Calls);

        Assert.True((await service.ReopenByStaffAsync(topic, staff, default)).Ok);
        await using var check = _database.CreateContext();
        var ticket = await check.SupportTickets.SingleAsync(t => t.Id == ticketId);
        Assert.Equal((TicketStatus.InProgress, (DateTimeOffset?)null), (ticket.Status, ticket.ClosedAt));
        Assert.Equal([("open", "closed"), ("closed", "in_progress")],
            (await AuditAsync(check, ticketId)).Select(a => (Field(a.Before, "status"), Field(a.After, "status"))).ToList());
    }

    [Fact]
    public async Task A_ticket_is_not_reopened_while_its_customer_has_another_open_one()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var staff = await NewUserAsync();
        await using var db = _database.CreateContext();
        var service = Service(db);
        await service.CloseByStaffAsync(topic, staff, default);
        var customer = await db.SupportTickets.Where(t => t.Id == ticketId).Select(t => t.UserId).SingleAsync();
        Assert.True((await service.OpenAsync(customer, "Another", "question", null, default)).Ok);

        Assert.Equal(TicketError.AlreadyOpen, (await service.ReopenByStaffAsync(topic, staff, default)).Error);
        await using var check = _database.CreateContext();
        Assert.Equal(TicketStatus.Closed, (await check.SupportTickets.SingleAsync(t => t.Id == ticketId)).Status);
        Assert.Single(await AuditAsync(check, ticketId));
    }

    [Fact]
    public async Task Assign_takes_the_ticket_moves_it_between_staff_and_is_a_no_op_for_its_owner()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var first = await NewUserAsync();
        var second = await NewUserAsync();
        await using var db = _database.CreateContext();
        var service = Service(db);

        Assert.True((await service.AssignToSelfAsync(topic, first, default)).Ok);
        Assert.True((await service.AssignToSelfAsync(topic, first, default)).Ok);
        Assert.True((await service.AssignToSelfAsync(topic, second, default)).Ok);

        await using var check = _database.CreateContext();
        var ticket = await check.SupportTickets.SingleAsync(t => t.Id == ticketId);
        Assert.Equal((TicketStatus.InProgress, (long?)second.Id), (ticket.Status, ticket.AssignedAdminId));
        var assignments = (await AuditAsync(check, ticketId)).Where(a => a.Action == TicketService.AuditAssign).ToList();
        Assert.Equal([(first.TelegramId, (string?)null), (second.TelegramId, first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            assignments.Select(a => (a.ActorTelegramId, Field(a.Before, "assignedAdminId"))).ToList());
        Assert.Empty(_customers.Calls);
    }

    [Fact]
    public async Task A_customer_relay_that_throws_keeps_the_answer_and_reports_a_failed_delivery()
    {
        var (ticketId, topic) = await OpenTicketInTopicAsync();
        var staff = await NewUserAsync();
        _customers.Throw = true;
        await using var db = _database.CreateContext();
        var result = await Service(db).AddStaffReplyAsync(topic, staff, "Answer", null, default);

        Assert.Equal((true, CustomerDelivery.Failed), (result.Ok, result.Delivery));
        await using var check = _database.CreateContext();
        Assert.True(await check.SupportMessages.AnyAsync(m => m.TicketId == ticketId && m.IsFromAdmin));
    }

    private TicketService Service(AppDbContext db) =>
        new(db, new SilentStaffGroup(), _customers, TimeProvider.System, NullLogger<TicketService>.Instance);

    private async Task<(long TicketId, int Topic)> OpenTicketInTopicAsync()
    {
        var customer = await NewUserAsync();
        await using var db = _database.CreateContext();
        var ticket = (await Service(db).OpenAsync(customer.Id, "Не подключается", "С утра timeout", 10, default)).Ticket!;
        ticket.TopicId = Interlocked.Increment(ref _nextTopic);
        await db.SaveChangesAsync();
        return (ticket.Id, ticket.TopicId.Value);
    }

    private async Task<User> NewUserAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        return await new UserRegistry(dataSource, TimeProvider.System)
            .UpsertAsync(new TelegramProfile(Random.Shared.NextInt64(1, long.MaxValue), null, "U", null, "ru"), CancellationToken.None);
    }

    private static Task<List<Core.Audit.AdminAuditLog>> AuditAsync(AppDbContext db, long ticketId) =>
        db.AuditLog.Where(a => a.TargetType == TicketService.AuditTarget && a.TargetId == ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).ToListAsync();

    /// <summary>A field of an audit row's JSON, as text (numbers too); null when it is JSON null.</summary>
    private static string? Field(string? json, string name)
    {
        var value = JsonDocument.Parse(json!).RootElement.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : value.ToString();
    }

    private sealed class SilentStaffGroup : ITicketRelay
    {
        public Task TicketOpenedAsync(long ticketId, long firstMessageId, CancellationToken ct) => Task.CompletedTask;

        public Task ClientMessageAddedAsync(long ticketId, long messageId, CancellationToken ct) => Task.CompletedTask;

        public Task TicketClosedByClientAsync(long ticketId, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class RecordingCustomerRelay : ICustomerTicketRelay
    {
        private readonly ConcurrentQueue<string> _calls = new();

        public bool Throw { get; set; }

        public IReadOnlyList<string> Calls => [.. _calls];

        public Task<CustomerDelivery> StaffReplyAddedAsync(long ticketId, long messageId, CancellationToken ct) => Record($"reply {ticketId} {messageId}");

        public Task<CustomerDelivery> TicketClosedByStaffAsync(long ticketId, CancellationToken ct) => Record($"closed {ticketId}");

        private Task<CustomerDelivery> Record(string call)
        {
            if (Throw) throw new HttpRequestException("client bot unreachable");
            _calls.Enqueue(call);
            return Task.FromResult(CustomerDelivery.Delivered);
        }
    }
}
