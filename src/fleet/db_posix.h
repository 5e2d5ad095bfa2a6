#pragma once
/// Thin RAII over SQLite (Linux/macOS builds only: included by src/fleet/*_posix.cpp), and the
/// fleet database: schema, migrations, and writing runs.
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fleet/record.h"
#include "util/result.h"

namespace tpmready::fleet {

/// Schema steps, applied in order; `meta.schema_version` = number of steps applied.
inline constexpr int kFleetSchemaVersion = 2;

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  void bind(int i, std::string_view text);  ///< empty text binds NULL (unknown)
  void bind_text(int i, std::string_view text);  ///< always text, even empty
  void bind(int i, std::int64_t v);
  /// Steps once: true = a row is available, false = done. Error names the SQL.
  Result<bool> step();
  void reset();
  std::int64_t int_at(int col) const;
  std::string text_at(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

class Db {
 public:
  /// Opens (creating when `create`) and migrates to kFleetSchemaVersion; a database written by a
  /// newer tpmready is refused.
  static Result<Db> open(const std::string& path, bool create);
  Db(Db&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  Status exec(const char* sql);
  Result<Stmt> prepare(const char* sql);
  sqlite3* raw() { return db_; }
  const std::string& path() const { return path_; }
  Error error(std::string_view what) const;

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status migrate();
  sqlite3* db_;
  std::string path_;
};

/// Writes runs in one transaction with prepared statements. Per record: the run (or nothing when
/// its content hash is known: a duplicate), its findings, and the device row, whose current run
/// moves to the new one when it is at least as recent.
class RunWriter {
 public:
  static Result<RunWriter> create(Db& db, std::int64_t ingested_at);
  /// One transaction; `duplicate[i]` tells which records were already there.
  Status write(const std::vector<const RunRecord*>& records, std::vector<bool>& duplicate);

 private:
  RunWriter(Db& db, std::int64_t t) : db_(&db), ingested_at_(t) {}
  Result<bool> write_one(const RunRecord& r);
  Db* db_;
  std::int64_t ingested_at_;
  Stmt insert_run_, insert_finding_, insert_caveat_, upsert_device_;
};

}  // namespace tpmready::fleet
