using System;
using System.Data;
using System.Data.Common;
using System.Globalization;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The schema's versions, the same on both engines. The workspace's version is meta 'schema'; a workspace of an older
    /// version is brought up one version at a time, each version's steps and its new number in one transaction, so a failure
    /// half-way (a full disk, Ctrl+C, a lost connection) leaves it at the version before. A workspace of the current version
    /// opens with no DDL at all: on PostgreSQL nothing waits behind the workers writing to it.
    /// </summary>
    public sealed partial class WorkspaceStore
    {
        /// <summary>One version of the schema: what it is for, and the steps that bring the version before it to it.</summary>
        private sealed class Migration
        {
            public Migration(int version, string name, Action<WorkspaceStore, DbTransaction> apply)
            {
                Version = version;
                Name = name;
                Apply = apply;
            }

            public int Version { get; }
            public string Name { get; }
            public Action<WorkspaceStore, DbTransaction> Apply { get; }
        }

        /// <summary>Every version in order; the last is the one this module writes (<see cref="SchemaVersion"/>).</summary>
        private static readonly Migration[] Migrations =
        {
            new Migration(1, "the assortment, shares and exchange rates", (ws, tx) => ws.Exec(ws.Ddl(CoreTablesSql), tx)),
            new Migration(2, "market connections, catalogues, the seller profile, market verdicts, offers.shipping_rate", (ws, tx) => ws.MigrateTo2(tx)),
        };

        /// <summary>The schema version this module writes, and the newest it reads.</summary>
        private static int SchemaVersion => Migrations[Migrations.Length - 1].Version;

        /// <summary>Test hook: each version applied, as (workspace, version) once its transaction has committed.</summary>
        internal static event Action<string, int>? MigrationApplied;

        /// <summary>
        /// Brings the workspace from <paramref name="version"/> (0: new, empty) to <see cref="SchemaVersion"/>. Each version takes the
        /// engine's write lock for its transaction (BEGIN IMMEDIATE on the file, the schema lock on PostgreSQL) and reads the version
        /// again under it, so two workers opening one older workspace at once bring it up once.
        /// </summary>
        private void Migrate(int version)
        {
            foreach (var m in Migrations)
            {
                if (m.Version <= version) continue;
                // Read committed on PostgreSQL: the version read after the schema lock sees what a worker committed before it.
                using var tx = _connection.BeginTransaction(IsPostgres ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable);
                if (IsPostgres)
                {
                    Exec(SchemaLock, tx);
                    CreateSearchPathSchema(tx);
                }
                int now = IsPostgres ? InspectPostgres(tx) : StoredVersion(tx);
                if (now >= m.Version) { tx.Rollback(); version = now; continue; }
                m.Apply(this, tx);
                using (var cmd = _connection.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = Upsert("meta", "key, value", "key", "'schema', @v");
                    cmd.Parameters.AddWithValue("@v", m.Version.ToString(CultureInfo.InvariantCulture));
                    cmd.ExecuteNonQuery();
                }
                MigrationStep?.Invoke(Path, "schema " + m.Version.ToString(CultureInfo.InvariantCulture));
                tx.Commit();
                version = m.Version;
                MigrationApplied?.Invoke(Path, m.Version);
            }
        }

        /// <summary>The file's version read in the migration's transaction (0 before the meta table exists); newer is refused.</summary>
        private int StoredVersion(DbTransaction tx)
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return 0;
            cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
            var v = cmd.ExecuteScalar() as string;
            if (v == null) return 0;
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int stored) || stored > SchemaVersion)
                throw TooNew(v); // written by another process since Inspect read it
            return stored;
        }

        /// <summary>
        /// Version 2: the tables of market connections, catalogues, the seller profile and market verdicts (workspaces of version 1
        /// lack some or all of them), the connection_offers indexes of earlier layouts dropped, offers.shipping_rate, and the file
        /// marked with the workspace application id. Every step finds what a workspace of version 1 of any layout holds.
        /// </summary>
        private void MigrateTo2(DbTransaction tx)
        {
            CreateConnectionTables(tx);
            CreateMarketVerdictTable(tx);
            MigrationStep?.Invoke(Path, "tables");
            foreach (var index in RetiredIndexes)
            {
                Exec("DROP INDEX IF EXISTS " + index + ";", tx);
                MigrationStep?.Invoke(Path, "drop " + index);
            }
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = IsPostgres
                ? "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'offers' AND column_name = 'shipping_rate'"
                : "SELECT count(*) FROM pragma_table_info('offers') WHERE name = 'shipping_rate'";
            if (Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                Exec(Ddl("ALTER TABLE offers ADD COLUMN shipping_rate TEXT;"), tx);
            MigrationStep?.Invoke(Path, "offers.shipping_rate");
            if (IsPostgres) return; // the application id is the SQLite file's header
            cmd.CommandText = "PRAGMA application_id";
            if (Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) != ApplicationId)
                Exec("PRAGMA application_id=" + ApplicationId.ToString(CultureInfo.InvariantCulture) + ";", tx);
            MigrationStep?.Invoke(Path, "application_id");
        }

        /// <summary>Version 2's tables of market connections, catalogues, FBA inventory and the seller profile.</summary>
        private void CreateConnectionTables(DbTransaction tx)
        {
            Exec(Ddl(@"
CREATE TABLE IF NOT EXISTS seller_profile(
  id INTEGER PRIMARY KEY CHECK (id = 1), seller_name TEXT, linked_regions TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections(
  connection_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, source TEXT NOT NULL UNIQUE, platform TEXT NOT NULL,
  region TEXT NOT NULL, rules TEXT NOT NULL, created_at TEXT NOT NULL, obligations_at TEXT NOT NULL, synced_at TEXT,
  summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connection_targets(
  target TEXT PRIMARY KEY, connection_id TEXT NOT NULL, position INTEGER NOT NULL, added_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS connection_targets_conn ON connection_targets(connection_id, position);
CREATE TABLE IF NOT EXISTS connection_offers(
  target TEXT NOT NULL, sku TEXT NOT NULL, connection_id TEXT NOT NULL, product_id TEXT, status TEXT NOT NULL,
  reason TEXT NOT NULL, reason_params TEXT NOT NULL, price TEXT, currency TEXT NOT NULL, price_source TEXT NOT NULL,
  pricing TEXT NOT NULL, source_price TEXT, source_currency TEXT NOT NULL, rate TEXT, rate_source TEXT,
  fulfillment TEXT NOT NULL, offer_state TEXT NOT NULL, synced_at TEXT NOT NULL,
  PRIMARY KEY(target, sku)) WITHOUT ROWID;
-- A target belongs to one connection: rows are found by target (the key), never by a second index that every write would pay for.
CREATE TABLE IF NOT EXISTS catalog_markets(market TEXT PRIMARY KEY, imported_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fba_inventory(
  market TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY(market, sku)) WITHOUT ROWID;
"), tx);
            // A product id matches whatever the case of its ASCII letters (ASINs are upper case, files are not always): SQLite's
            // NOCASE collation; on PostgreSQL the key is the id in lower case (ASCII letters only under COLLATE "C", as NOCASE).
            Exec(IsPostgres
                ? Ddl(@"CREATE TABLE IF NOT EXISTS catalog_products(
  market TEXT NOT NULL, product_id TEXT NOT NULL, product_key TEXT GENERATED ALWAYS AS (lower(product_id)) STORED,
  PRIMARY KEY(market, product_key));")
                : @"CREATE TABLE IF NOT EXISTS catalog_products(
  market TEXT NOT NULL, product_id TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY(market, product_id)) WITHOUT ROWID;", tx);
        }

        /// <summary>Version 2's table of the marketplaces' own verdicts (one row per market and offer, with the price last sent there).</summary>
        private void CreateMarketVerdictTable(DbTransaction tx)
        {
            Exec(Ddl(@"
CREATE TABLE IF NOT EXISTS market_verdicts(
  market TEXT NOT NULL, offer_id TEXT NOT NULL, state TEXT NOT NULL, reasons TEXT NOT NULL, price TEXT, currency TEXT NOT NULL,
  shipping_rate TEXT NOT NULL, sent_price TEXT, sent_at TEXT, synced_at TEXT NOT NULL,
  PRIMARY KEY(market, offer_id)) WITHOUT ROWID;
"), tx);
        }
    }
}
