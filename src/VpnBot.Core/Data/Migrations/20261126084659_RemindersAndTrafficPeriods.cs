using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemindersAndTrafficPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "traffic_reset_for",
                table: "vpn_configs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reminded_days_before",
                table: "subscriptions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reminded_for_expiry",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "traffic_period_started_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "traffic_reset_for",
                table: "vpn_configs");

            migrationBuilder.DropColumn(
                name: "reminded_days_before",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "reminded_for_expiry",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "traffic_period_started_at",
                table: "subscriptions");
        }
    }
}
