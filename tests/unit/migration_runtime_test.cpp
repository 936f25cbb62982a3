// The runner's database-free pieces: URL rewriting for the maintenance database, history table
// naming and lock keys, server character positions to byte offsets.
#include <doctest/doctest.h>

#include "compiler/error.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/history.hpp"
#include "runtime/migration_script.hpp"
#include "runtime/transaction_control.hpp"

using namespace schemactl::runtime;

TEST_CASE("runner: the database a URL names") {
  CHECK(database_name("postgres://u:p@h:5432/app_dev?sslmode=disable") == "app_dev");
  CHECK(database_name("postgresql://h/my%20db") == "my db");
  CHECK(database_name("host=h dbname=other user=u") == "other");
  CHECK(database_name("postgres://alice@h") == "alice");  // libpq's default: the user name
  CHECK_THROWS_AS(database_name("postgres://h/db?nosuchparam=1"), schemactl::InputError);
}

TEST_CASE("runner: the same server with another database") {
  CHECK(url_for_database("postgres://u:p@h:5432/app?sslmode=disable", "postgres") ==
        "postgres://u:p@h:5432/postgres?sslmode=disable");
  CHECK(url_for_database("postgres://h", "postgres") == "postgres://h/postgres");
  CHECK(url_for_database("postgres://h?sslmode=disable", "postgres") == "postgres://h/postgres?sslmode=disable");
  CHECK(url_for_database("postgres://h/app?dbname=x&sslmode=disable", "postgres") ==
        "postgres://h/postgres?sslmode=disable");
  CHECK(url_for_database("postgres://h/app", "my db") == "postgres://h/my%20db");
  CHECK(database_name(url_for_database("postgres://h/app", "my db")) == "my db");
  CHECK(url_for_database("host=h dbname=app", "postgres") == "host=h dbname=app dbname='postgres'");
  CHECK(database_name(url_for_database("host=h dbname=app", "it's")) == "it's");
  CHECK(maintenance_url("postgres://h:1/app") == "postgres://h:1/postgres");
}

TEST_CASE("runner: history table names and lock keys") {
  CHECK(HistoryTable("schema_migrations").sql_name() == "schema_migrations");
  CHECK(HistoryTable("meta.History").sql_name() == "meta.\"History\"");
  CHECK(HistoryTable("schema_migrations").insert_sql("20240101") ==
        "INSERT INTO schema_migrations (version) VALUES ('20240101')");
  CHECK(HistoryTable("a.b").delete_sql("1") == "DELETE FROM a.b WHERE version = '1'");
  CHECK(HistoryTable("schema_migrations").lock_key() == HistoryTable("schema_migrations").lock_key());
  CHECK(HistoryTable("schema_migrations").lock_key() != HistoryTable("other.schema_migrations").lock_key());
  CHECK_THROWS_AS(HistoryTable(".x"), schemactl::InputError);
  CHECK_THROWS_AS(HistoryTable("x."), schemactl::InputError);
}

TEST_CASE("runner: the server's character positions become byte offsets") {
  CHECK(byte_offset_of_character("abc", 1) == 0);
  CHECK(byte_offset_of_character("abc", 3) == 2);
  CHECK(byte_offset_of_character("äbc", 2) == 2);
  CHECK(byte_offset_of_character("€x", 2) == 3);
  CHECK(byte_offset_of_character("ab", 10) == 2);  // clamped to the end
}

namespace {
std::optional<std::string> transaction_control_in(const std::string& sql) {
  auto found = find_transaction_control(sql, schemactl::pg::split_statements(sql));
  if (!found) return std::nullopt;
  return found->keyword + "@" + std::to_string(found->offset);
}
}  // namespace

TEST_CASE("runner: transaction control inside a transactional migration is found") {
  CHECK(transaction_control_in("BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;") == "BEGIN@0");
  CHECK(transaction_control_in("CREATE TABLE t (id int);\n  commit;") == "commit@27");
  CHECK(transaction_control_in("-- done\nEND;") == "END@8");
  CHECK(transaction_control_in("START TRANSACTION; SELECT 1;") == "START TRANSACTION@0");
  CHECK(transaction_control_in("SELECT 1; ROLLBACK;") == "ROLLBACK@10");
  CHECK(transaction_control_in("SELECT 1; abort;") == "abort@10");
  CHECK(transaction_control_in("PREPARE TRANSACTION 'x';") == "PREPARE TRANSACTION@0");
  CHECK(transaction_control_in("COMMIT PREPARED 'x';") == "COMMIT PREPARED@0");
  // Savepoints, PL/pgSQL blocks, BEGIN ATOMIC bodies and prepared statements are fine.
  CHECK_FALSE(transaction_control_in("SAVEPOINT a; SELECT 1; ROLLBACK TO SAVEPOINT a; RELEASE a;"));
  CHECK_FALSE(transaction_control_in("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;"));
  CHECK_FALSE(transaction_control_in("CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;"));
  CHECK_FALSE(transaction_control_in("PREPARE q AS SELECT 1; DO $$ BEGIN COMMIT; END $$;"));
  CHECK_FALSE(transaction_control_in("CREATE TABLE begin_log (id int); -- COMMIT;"));
}
