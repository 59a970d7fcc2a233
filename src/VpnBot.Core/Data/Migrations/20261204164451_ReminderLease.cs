using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReminderLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reminder_claimed_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reminder_claimed_at",
                table: "subscriptions");
        }
    }
}
