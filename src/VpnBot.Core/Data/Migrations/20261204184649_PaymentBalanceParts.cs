using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaymentBalanceParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "credit_rub",
                table: "payments",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "from_balance",
                table: "payments",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "credit_rub",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "from_balance",
                table: "payments");
        }
    }
}
