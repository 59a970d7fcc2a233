using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralsAndGifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "referral_code",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "referred_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "referred_by_user_id",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "feature_switches",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feature_switches", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "gifts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    buyer_user_id = table.Column<long>(type: "bigint", nullable: false),
                    plan_id = table.Column<long>(type: "bigint", nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    recipient_user_id = table.Column<long>(type: "bigint", nullable: true),
                    subscription_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    redeemed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    refunded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gifts", x => x.id);
                    table.ForeignKey(
                        name: "fk_gifts_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_gifts_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "subscription_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_gifts_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_gifts_users_buyer_user_id",
                        column: x => x.buyer_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_gifts_users_recipient_user_id",
                        column: x => x.recipient_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "referral_rewards",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    referrer_user_id = table.Column<long>(type: "bigint", nullable: false),
                    invitee_user_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    subscription_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reversed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    shortfall = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_rewards", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_rewards_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referral_rewards_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_referral_rewards_users_invitee_user_id",
                        column: x => x.invitee_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referral_rewards_users_referrer_user_id",
                        column: x => x.referrer_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_referral_code",
                table: "users",
                column: "referral_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_referred_by_user_id",
                table: "users",
                column: "referred_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_gifts_buyer_user_id_id",
                table: "gifts",
                columns: new[] { "buyer_user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_gifts_code",
                table: "gifts",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_gifts_payment_id",
                table: "gifts",
                column: "payment_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_gifts_plan_id",
                table: "gifts",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_gifts_recipient_user_id",
                table: "gifts",
                column: "recipient_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_gifts_subscription_id",
                table: "gifts",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_rewards_invitee_user_id",
                table: "referral_rewards",
                column: "invitee_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_rewards_payment_id",
                table: "referral_rewards",
                column: "payment_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referral_rewards_referrer_user_id",
                table: "referral_rewards",
                column: "referrer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_rewards_subscription_id",
                table: "referral_rewards",
                column: "subscription_id");

            migrationBuilder.AddForeignKey(
                name: "fk_users_users_referred_by_user_id",
                table: "users",
                column: "referred_by_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_users_users_referred_by_user_id",
                table: "users");

            migrationBuilder.DropTable(
                name: "feature_switches");

            migrationBuilder.DropTable(
                name: "gifts");

            migrationBuilder.DropTable(
                name: "referral_rewards");

            migrationBuilder.DropIndex(
                name: "ix_users_referral_code",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_users_referred_by_user_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "referral_code",
                table: "users");

            migrationBuilder.DropColumn(
                name: "referred_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "referred_by_user_id",
                table: "users");
        }
    }
}
