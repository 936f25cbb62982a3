// runtime::Pipeline against a real server: results come back in order, a failing statement
// reports the server's error and skips the rest of its batch, and whatever happens the
// connection is usable again once the pipeline is gone.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <string>

#include "runtime/pipeline.hpp"
#include "tests/support/test_db.hpp"

using namespace schemactl;

TEST_CASE("results come back in the order the statements were sent, parameters included") {
  runtime::Connection connection(test::server_url());
  runtime::Pipeline pipeline(connection);
  for (int i = 0; i < 50; ++i) pipeline.send("SELECT $1::int * 2", {std::to_string(i)});
  // A result larger than the socket buffers, while later statements are still queued.
  pipeline.send("SELECT repeat('x', 1000) FROM generate_series(1, 5000)");
  pipeline.send("SELECT NULL::text", {});
  pipeline.sync();
  for (int i = 0; i < 50; ++i) CHECK(pipeline.next().str(0, 0) == std::to_string(i * 2));
  CHECK(pipeline.next().rows() == 5000);
  CHECK(pipeline.next().is_null(0, 0));
}

TEST_CASE("a failing statement throws its error, the rest of the batch is skipped, the connection survives") {
  runtime::Connection connection(test::server_url());
  {
    runtime::Pipeline pipeline(connection);
    pipeline.send("SELECT 1");
    pipeline.send("SELECT * FROM no_such_table_for_pipeline");
    pipeline.send("SELECT 3");
    pipeline.sync();
    CHECK(pipeline.next().str(0, 0) == "1");
    CHECK_THROWS_WITH_AS(pipeline.next(), doctest::Contains("no_such_table_for_pipeline"), runtime::ServerError);
    CHECK_THROWS_WITH_AS(pipeline.next(), doctest::Contains("skipped"), DatabaseError);
  }
  CHECK(connection.exec("SELECT 42").str(0, 0) == "42");
}

TEST_CASE("results left unread, or statements never synced, are drained when the pipeline goes") {
  runtime::Connection connection(test::server_url());
  {
    runtime::Pipeline pipeline(connection);
    pipeline.send("SELECT 1");
    pipeline.send("SELECT 2");
    pipeline.sync();
    CHECK(pipeline.next().str(0, 0) == "1");
  }
  CHECK(connection.exec("SELECT 'after unread'").str(0, 0) == "after unread");
  {
    runtime::Pipeline pipeline(connection);
    pipeline.send("SELECT 1");
    CHECK_THROWS_AS(pipeline.next(), DatabaseError);  // not synced yet: nothing to read
  }
  CHECK(connection.exec("SELECT 'after unsynced'").str(0, 0) == "after unsynced");
}
