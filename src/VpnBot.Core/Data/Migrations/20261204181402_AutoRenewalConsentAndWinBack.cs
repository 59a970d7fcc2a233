using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AutoRenewalConsentAndWinBack : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "auto_renewal_consent_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "renewal_failure_notice_for",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "win_back_claimed_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "win_back_days_after",
                table: "subscriptions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "win_back_for_expiry",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "auto_renewal_consent_at",
                table: "payments",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "auto_renewal_consent_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "renewal_failure_notice_for",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "win_back_claimed_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "win_back_days_after",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "win_back_for_expiry",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "auto_renewal_consent_at",
                table: "payments");
        }
    }
}
