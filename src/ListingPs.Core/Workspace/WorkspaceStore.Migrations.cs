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
            InitializeExtensions(tx);
            InitializeMarketVerdicts(tx);
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
    }
}
