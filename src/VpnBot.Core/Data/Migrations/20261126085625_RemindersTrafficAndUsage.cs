using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemindersTrafficAndUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "traffic_reset_for",
                table: "vpn_configs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "usage_counter_bytes",
                table: "vpn_configs",
                type: "bigint",
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
                name: "traffic_exhausted_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "traffic_period_started_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "cpu_usage",
                table: "server_stats",
                type: "double precision",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "double precision");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "traffic_reset_for",
                table: "vpn_configs");

            migrationBuilder.DropColumn(
                name: "usage_counter_bytes",
                table: "vpn_configs");

            migrationBuilder.DropColumn(
                name: "reminded_days_before",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "reminded_for_expiry",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "traffic_exhausted_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "traffic_period_started_at",
                table: "subscriptions");

            migrationBuilder.AlterColumn<double>(
                name: "cpu_usage",
                table: "server_stats",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "double precision",
                oldNullable: true);
        }
    }
}
