using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VpnBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class WgOvpnSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "crl_numbers");

            migrationBuilder.AddColumn<string>(
                name: "external_name",
                table: "ip_allocations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "key_data",
                table: "ip_allocations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "certificate_revocations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    server_id = table.Column<long>(type: "bigint", nullable: false),
                    serial_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    external_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_hold = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificate_revocations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ip_allocations_server_id_external_name",
                table: "ip_allocations",
                columns: new[] { "server_id", "external_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificate_revocations_server_id_serial_number",
                table: "certificate_revocations",
                columns: new[] { "server_id", "serial_number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_revocations");

            migrationBuilder.DropIndex(
                name: "ix_ip_allocations_server_id_external_name",
                table: "ip_allocations");

            migrationBuilder.DropColumn(
                name: "external_name",
                table: "ip_allocations");

            migrationBuilder.DropColumn(
                name: "key_data",
                table: "ip_allocations");

            migrationBuilder.DropSequence(
                name: "crl_numbers");
        }
    }
}
