#include "fleet/db_posix.h"

#include <iterator>

namespace tpmready::fleet {
namespace {

// Migrations: step i takes the schema from version i to i+1. Append steps; never edit one that
// shipped (databases in the field have run it). docs/fleet.md "Database schema" documents the
// tables.
const char* const kMigrations[] = {
    // 0 → 1: devices, runs (history, idempotence by content hash), findings of each run.
    R"SQL(
CREATE TABLE devices(
  id           TEXT PRIMARY KEY,   -- .device.id of the bundle/report, device= of a summary line
  serial       TEXT, manufacturer TEXT, model TEXT, firmware TEXT,
  tpm_vendor   TEXT, tpm_firmware TEXT,
  current_run  INTEGER NOT NULL,   -- the device's most recent run (by observed_at, then ingest order)
  current_at   INTEGER NOT NULL,   -- observed_at of current_run
  runs         INTEGER NOT NULL    -- runs kept for the device (history)
);
CREATE TABLE runs(
  id             INTEGER PRIMARY KEY,
  device_id      TEXT NOT NULL,
  observed_at    INTEGER NOT NULL,  -- collection time (Unix s); the ingest time when the input has none
  observed_known INTEGER NOT NULL,  -- 1 when observed_at came from the input
  ingested_at    INTEGER NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('bundle', 'report', 'summary')),
  source         TEXT NOT NULL,     -- file:path[:line]
  content_hash   TEXT NOT NULL UNIQUE,
  verdict        TEXT NOT NULL CHECK (verdict IN ('ready', 'not_ready', 'undetermined')),
  tool           TEXT,
  findings       INTEGER NOT NULL   -- rows written to findings with this run
);
CREATE INDEX runs_by_device ON runs(device_id, observed_at);
CREATE TABLE findings(
  run_id  INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  status  TEXT NOT NULL CHECK (status IN ('fail', 'warn', 'unknown')),
  root    INTEGER NOT NULL,
  PRIMARY KEY (run_id, rule_id)
) WITHOUT ROWID;
)SQL",
    // 1 → 2: the caveats of each run (requirements its evidence could not show; the run can be ready).
    R"SQL(
CREATE TABLE caveats(
  run_id  INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  PRIMARY KEY (run_id, rule_id)
) WITHOUT ROWID;
)SQL",
};
static_assert(std::size(kMigrations) == kFleetSchemaVersion);

}  // namespace

// --- Stmt --------------------------------------------------------------------------------------

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    o.s_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

void Stmt::bind(int i, std::string_view text) {
  if (text.empty()) sqlite3_bind_null(s_, i);
  else bind_text(i, text);
}

void Stmt::bind_text(int i, std::string_view text) {
  sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void Stmt::bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }

Result<bool> Stmt::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return make_error(ErrorKind::Io, std::string("SQLite: ") + sqlite3_errmsg(db_))
      .context(std::string("SQL ") + std::string(std::string_view(sqlite3_sql(s_)).substr(0, 40)));
}

void Stmt::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::int64_t Stmt::int_at(int col) const { return sqlite3_column_int64(s_, col); }

std::string Stmt::text_at(int col) const {
  const auto* t = sqlite3_column_text(s_, col);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
           : std::string();
}

// --- Db ----------------------------------------------------------------------------------------

Result<Db> Db::open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw, path);
  if (rc != SQLITE_OK) return db.error("cannot open");
  sqlite3_busy_timeout(raw, 10000);
  // WAL + synchronous=NORMAL: a killed process loses at most the open transaction, never
  // consistency; fsync only at checkpoints keeps batched ingest fast.
  TRY(db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"));
  TRY(db.migrate());
  return db;
}

Db::~Db() { sqlite3_close(db_); }

Error Db::error(std::string_view what) const {
  std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
  return make_error(ErrorKind::Io, std::string(what) + ": " + msg).context("database " + path_);
}

Status Db::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return make_error(ErrorKind::Io, "SQLite: " + msg).context("database " + path_);
  }
  return ok_status();
}

Result<Stmt> Db::prepare(const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) return error("prepare");
  return Stmt(db_, s);
}

Status Db::migrate() {
  TRY(exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
  auto get = TRY(prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"));
  int version = TRY(get.step()) ? static_cast<int>(get.int_at(0)) : 0;
  get.reset();
  if (version > kFleetSchemaVersion)
    return make_error(ErrorKind::Unsupported, "schema_version " + std::to_string(version) +
                                                  " is newer than this tpmready understands (" +
                                                  std::to_string(kFleetSchemaVersion) + "): upgrade tpmready")
        .context("database " + path_);
  for (int v = version; v < kFleetSchemaVersion; ++v) {
    TRY(exec("BEGIN IMMEDIATE"));
    auto st = exec(kMigrations[v]);
    if (st) {
      std::string set = "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '" + std::to_string(v + 1) + "')";
      st = exec(set.c_str());
    }
    if (!st) {
      (void)exec("ROLLBACK");
      return std::move(st).error().context("migration to schema_version " + std::to_string(v + 1));
    }
    TRY(exec("COMMIT"));
  }
  return ok_status();
}

// --- RunWriter ---------------------------------------------------------------------------------

Result<RunWriter> RunWriter::create(Db& db, std::int64_t ingested_at) {
  RunWriter w(db, ingested_at);
  w.insert_run_ = TRY(db.prepare(
      "INSERT INTO runs(device_id, observed_at, observed_known, ingested_at, kind, source, content_hash, verdict, tool, "
      "findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(content_hash) DO NOTHING"));
  w.insert_finding_ = TRY(db.prepare(
      "INSERT OR IGNORE INTO findings(run_id, rule_id, status, root) VALUES (?1, ?2, ?3, ?4)"));
  w.insert_caveat_ = TRY(db.prepare("INSERT OR IGNORE INTO caveats(run_id, rule_id) VALUES (?1, ?2)"));
  // All SET expressions see the old row: attributes follow the newer run and fill unknowns.
  w.upsert_device_ = TRY(db.prepare(R"SQL(
INSERT INTO devices(id, serial, manufacturer, model, firmware, tpm_vendor, tpm_firmware, current_run, current_at, runs)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)
ON CONFLICT(id) DO UPDATE SET
  serial       = CASE WHEN excluded.current_at >= current_at THEN coalesce(excluded.serial, serial) ELSE coalesce(serial, excluded.serial) END,
  manufacturer = CASE WHEN excluded.current_at >= current_at THEN coalesce(excluded.manufacturer, manufacturer) ELSE coalesce(manufacturer, excluded.manufacturer) END,
  model        = CASE WHEN excluded.current_at >= current_at THEN coalesce(excluded.model, model) ELSE coalesce(model, excluded.model) END,
  firmware     = CASE WHEN excluded.current_at >= current_at THEN coalesce(excluded.firmware, firmware) ELSE coalesce(firmware, excluded.firmware) END,
  tpm_vendor   = CASE WHEN excluded.current_at >= current_at THEN coalesce(excluded.tpm_vendor, tpm_vendor) ELSE coalesce(tpm_vendor, excluded.tpm_vendor) END,
  tpm_firmware = CASE WHEN excluded.current_at >= current_at THEN coalesce(excluded.tpm_firmware, tpm_firmware) ELSE coalesce(tpm_firmware, excluded.tpm_firmware) END,
  current_run  = CASE WHEN excluded.current_at >= current_at THEN excluded.current_run ELSE current_run END,
  current_at   = max(current_at, excluded.current_at),
  runs         = runs + 1
)SQL"));
  return w;
}

Result<bool> RunWriter::write_one(const RunRecord& r) {
  auto& run = insert_run_;
  run.bind(1, r.device_id);
  run.bind(2, r.observed_at);
  run.bind(3, std::int64_t{r.observed_known ? 1 : 0});
  run.bind(4, ingested_at_);
  run.bind(5, r.kind);
  run.bind(6, r.source);
  run.bind(7, r.content_hash);
  run.bind(8, r.verdict);
  run.bind(9, r.tool);
  run.bind(10, static_cast<std::int64_t>(r.findings.size()));
  TRY(run.step());
  run.reset();
  if (sqlite3_changes(db_->raw()) == 0) return false;  // content hash known: duplicate
  std::int64_t run_id = sqlite3_last_insert_rowid(db_->raw());
  for (const auto& f : r.findings) {
    insert_finding_.bind(1, run_id);
    insert_finding_.bind_text(2, f.rule_id);
    insert_finding_.bind_text(3, f.status);
    insert_finding_.bind(4, std::int64_t{f.root ? 1 : 0});
    TRY(insert_finding_.step());
    insert_finding_.reset();
  }
  for (const auto& id : r.caveats) {
    insert_caveat_.bind(1, run_id);
    insert_caveat_.bind_text(2, id);
    TRY(insert_caveat_.step());
    insert_caveat_.reset();
  }
  auto& dev = upsert_device_;
  const std::string* attrs[] = {&r.serial, &r.manufacturer, &r.model, &r.firmware, &r.tpm_vendor, &r.tpm_firmware};
  dev.bind(1, r.device_id);
  for (int i = 0; i < 6; ++i) dev.bind(i + 2, *attrs[i]);
  dev.bind(8, run_id);
  dev.bind(9, r.observed_at);
  TRY(dev.step());
  dev.reset();
  return true;
}

Status RunWriter::write(const std::vector<const RunRecord*>& records, std::vector<bool>& duplicate) {
  duplicate.assign(records.size(), false);
  TRY(db_->exec("BEGIN IMMEDIATE"));
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i]->known) {
      duplicate[i] = true;
      continue;
    }
    auto added = write_one(*records[i]);
    if (!added) {
      (void)db_->exec("ROLLBACK");
      return std::move(added).error().context(records[i]->source);
    }
    duplicate[i] = !*added;
  }
  return db_->exec("COMMIT");
}

}  // namespace tpmready::fleet
