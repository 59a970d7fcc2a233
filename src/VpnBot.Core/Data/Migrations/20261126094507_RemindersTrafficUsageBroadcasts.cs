using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemindersTrafficUsageBroadcasts : Migration
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

            migrationBuilder.CreateTable(
                name: "broadcasts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    actor_telegram_id = table.Column<long>(type: "bigint", nullable: false),
                    report_chat_id = table.Column<long>(type: "bigint", nullable: false),
                    report_culture = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    text = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    resume_after_user_id = table.Column<long>(type: "bigint", nullable: false),
                    sent = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    blocked = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broadcasts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_broadcasts_finished_at",
                table: "broadcasts",
                column: "finished_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "broadcasts");

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
