// Database-level operations that dbmate offers: create, drop, wait, and connecting with
// --wait / creating the target on demand (`up`). Work that needs the server but not the target
// database goes through the `postgres` maintenance database on the same server.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

#include "runtime/config.hpp"
#include "runtime/connection.hpp"

namespace schemactl::runtime {

// The database a URL (postgres:// or key=value conninfo) names; libpq's default (the user name)
// when it names none. InputError when libpq cannot parse the URL.
std::string database_name(const std::string& url);

// The same server and credentials, another database.
std::string url_for_database(const std::string& url, const std::string& database);

// The `postgres` maintenance database on the URL's server.
std::string maintenance_url(const std::string& url);

// CREATE DATABASE for the URL's database; DatabaseError (the server's message) when it exists.
void create_database(const std::string& url, std::ostream& out);

// DROP DATABASE IF EXISTS for the URL's database. Sessions are not terminated: a database in use
// is reported with the server's error.
void drop_database(const std::string& url, std::ostream& out);

// Polls until the server accepts connections (a missing target database counts as up) or
// `timeout` passes (DatabaseError). Progress goes to `progress`.
void wait_for_server(const std::string& url, std::chrono::milliseconds timeout, std::ostream& progress);

// Connects to the configured database, first waiting for the server when --wait is set.
Connection connect(const Config& config, std::ostream& progress);

// Like connect(), but creates the database first when it does not exist (for `up`).
Connection connect_creating(const Config& config, std::ostream& out);

}  // namespace schemactl::runtime
