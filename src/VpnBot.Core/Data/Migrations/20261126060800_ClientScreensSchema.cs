using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClientScreensSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ui_language",
                table: "users",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_support_tickets_one_open_per_user",
                table: "support_tickets",
                column: "user_id",
                unique: true,
                filter: "status <> 'closed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_support_tickets_one_open_per_user",
                table: "support_tickets");

            migrationBuilder.DropColumn(
                name: "ui_language",
                table: "users");
        }
    }
}
