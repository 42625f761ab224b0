using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The seller's workspace: assortment, shares, prices, verification results and exchange rates, in one SQLite file or in a
    /// PostgreSQL database that many workers share.
    /// This class is the session: it owns the connection, the one open transaction and the prepared statements, and opens,
    /// migrates, commits and closes the workspace. The aggregates are stores behind small interfaces (<see cref="Offers"/>,
    /// <see cref="Shares"/>, <see cref="Rates"/>, <see cref="Catalogs"/>, <see cref="Connections"/>, <see cref="SellerProfile"/>,
    /// <see cref="MarketVerdicts"/>), each running its SQL through this session's statement helpers
    /// (<see cref="Statement"/>, <see cref="CachedCommand"/>, <see cref="NewCommand"/>, <see cref="BeginWrite"/>).
    /// Writes go into one open transaction that the owner commits in batches (<see cref="CommitIfDue"/>) and at the end
    /// (<see cref="Commit"/>); each record's writes are complete before the next starts, so a commit never holds half a record.
    /// Not thread-safe: one instance (with its stores) per runspace/pipeline thread.
    /// </summary>
    public sealed partial class WorkspaceStore : IDisposable
    {
        /// <summary>Environment variable naming the workspace: a file path or a PostgreSQL connection string.</summary>
        public const string EnvironmentVariable = "LISTINGPS_WORKSPACE";

        private readonly DbConnection _connection;
        /// <summary>The SQLite connection; null when the workspace is on PostgreSQL.</summary>
        private readonly SqliteConnection? _sqlite;
        private DbTransaction? _transaction;
        private readonly Dictionary<string, DbCommand> _commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        private readonly Dictionary<string, IStatement> _statements = new Dictionary<string, IStatement>(StringComparer.Ordinal);
        private bool _disposed;

        /// <summary>How many records a transaction holds before <see cref="CommitIfDue"/> commits it.</summary>
        public int BatchSize { get; set; } = 5000;

        /// <summary>Records written since the last commit.</summary>
        public int PendingWrites { get; private set; }

        /// <summary>What errors and messages name: the file's path, or the database as postgres://user@host/database (never a password).</summary>
        public string Path { get; }

        /// <summary>Where the workspace lives.</summary>
        public WorkspaceLocation Location { get; }

        /// <summary>Whether the workspace is a PostgreSQL database (else a SQLite file).</summary>
        public bool IsPostgres => _sqlite == null;

        /// <summary>The engine's name, as verbose output and reports say it.</summary>
        public string EngineName => IsPostgres ? "PostgreSQL" : "SQLite";

        /// <summary>The seller's assortment (the offers table).</summary>
        public IOfferStore Offers => OfferStore;

        /// <summary>Offers shared to other markets and ListingPs's verdicts on them (shares, share_reasons).</summary>
        public IShareStore Shares => ShareStore;

        /// <summary>Exchange rates and their history (exchange_rates).</summary>
        public IRateStore Rates { get; }

        /// <summary>The target markets' catalogues and FBA inventory (catalog_markets, catalog_products, fba_inventory).</summary>
        public ICatalogStore Catalogs { get; }

        /// <summary>Market connections, their targets and status report rows (connections, connection_targets, connection_offers).</summary>
        public IConnectionStore Connections { get; }

        /// <summary>The seller's profile (seller_profile).</summary>
        public ISellerProfileStore SellerProfile { get; }

        /// <summary>The marketplaces' verdicts, the events read, the price commands under way (market_verdicts, meta).</summary>
        public IMarketVerdictStore MarketVerdicts { get; }

        /// <summary><see cref="Offers"/> with the engine's own members (the offer read with its stored share).</summary>
        internal OfferStore OfferStore { get; }

        /// <summary><see cref="Shares"/> with the engine's own members (the write path's share write and stored-share read).</summary>
        internal ShareStore ShareStore { get; }

        private WorkspaceStore(WorkspaceLocation location, DbConnection connection)
        {
            Location = location;
            Path = location.Display;
            _connection = connection;
            _sqlite = connection as SqliteConnection;
            // The stores hold no connection of their own: every statement runs through this session and its transaction.
            OfferStore = new OfferStore(this);
            ShareStore = new ShareStore(this);
            Rates = new RateStore(this);
            Catalogs = new CatalogStore(this);
            Connections = new ConnectionStore(this);
            SellerProfile = new SellerProfileStore(this);
            MarketVerdicts = new MarketVerdictStore(this);
        }

        /// <summary>The default file: %LOCALAPPDATA%\ListingPs\workspace.db on Windows, $XDG_DATA_HOME or ~/.local/share/ListingPs/workspace.db elsewhere.</summary>
        public static string DefaultPath()
        {
            string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(root))
                root = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return System.IO.Path.Combine(root, "ListingPs", "workspace.db");
        }

        /// <summary>
        /// The explicit location if given, else LISTINGPS_WORKSPACE, else the default file. A file path is made absolute; a
        /// PostgreSQL connection string or URI is returned as it is.
        /// </summary>
        public static string ResolvePath(string? explicitPath, string? currentDirectory = null)
        {
            string? p = !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath
                : Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(p)) p = DefaultPath();
            if (WorkspaceLocation.IsPostgresText(p)) return p!.Trim();
            if (!System.IO.Path.IsPathRooted(p!))
                p = System.IO.Path.Combine(currentDirectory ?? Directory.GetCurrentDirectory(), p!);
            return System.IO.Path.GetFullPath(p!);
        }

        /// <summary>
        /// Opens (creating when missing) the workspace and its schema: a SQLite file at <paramref name="path"/>, or the PostgreSQL
        /// database a connection string or URI names (<paramref name="credential"/> over its user name and password).
        /// </summary>
        public static WorkspaceStore Open(string path, NetworkCredential? credential = null) =>
            WorkspaceLocation.IsPostgresText(path) ? OpenPostgres(WorkspaceLocation.Postgres(path, credential)) : OpenFile(path);

        private static WorkspaceStore OpenFile(string path)
        {
            SqliteNativeResolver.Ensure();
            try
            {
                var dir = System.IO.Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
                var cs = new SqliteConnectionStringBuilder
                {
                    DataSource = path,
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    Cache = SqliteCacheMode.Private,
                    Pooling = false,
                    DefaultTimeout = 30,
                }.ToString();
                var header = ReadHeaderBeforeOpen(path);
                var connection = new SqliteConnection(cs);
                try
                {
                    connection.Open();
                    var ws = new WorkspaceStore(WorkspaceLocation.File(path), connection) { _truncated = header };
                    ws.Initialize();
                    return ws;
                }
                catch
                {
                    connection.Dispose(); // a refused workspace (newer schema, not a database) must not stay open and locked
                    throw;
                }
            }
            catch (SqliteException ex)
            {
                // A full or read-only disk met while a new file is made: the ids of a failed write, nothing stored.
                throw StorageError(path, ex, 0, opening: true) ?? new ListingPsException(ErrorIds.WorkspaceUnavailable,
                    "The workspace '" + path + "' cannot be opened: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            catch (IOException ex)
            {
                throw new ListingPsException(ErrorIds.WorkspaceUnavailable,
                    "The workspace '" + path + "' cannot be opened: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new ListingPsException(ErrorIds.WorkspaceUnavailable,
                    "The workspace '" + path + "' cannot be opened: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
        }

        private void Initialize()
        {
            if (IsPostgres) { InitializePostgres(); return; }
            // The busy timeout first: switching a new file to WAL needs a lock that another process opening it may hold.
            Exec("PRAGMA busy_timeout=30000;");
            // Before anything is written (journal_mode=WAL rewrites the header of a file in another mode): a damaged file, another
            // program's database or a newer workspace is refused here and left byte for byte as it was.
            int version = Inspect();
            Exec("PRAGMA journal_mode=WAL;");
            Exec("PRAGMA synchronous=NORMAL;");
            Exec("PRAGMA temp_store=MEMORY;");
            Exec("PRAGMA cache_size=-65536;");
            InitializeCheckpoints();
            if (version < SchemaVersion) Migrate(version);
            ApplyTestLimits();
        }

        private const string CoreTablesSql = @"
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS offers(
  offer_id TEXT PRIMARY KEY, market TEXT NOT NULL, title TEXT, category TEXT, price TEXT,
  selling_format TEXT NOT NULL, account_type TEXT NOT NULL, b2b INTEGER NOT NULL, charity INTEGER NOT NULL,
  product_id TEXT, status TEXT NOT NULL, delivery TEXT NOT NULL, translations TEXT NOT NULL,
  condition TEXT NOT NULL, fulfillment TEXT NOT NULL, updated_at TEXT NOT NULL, shipping_rate TEXT);
CREATE INDEX IF NOT EXISTS offers_market ON offers(market, offer_id);
CREATE TABLE IF NOT EXISTS shares(
  market TEXT NOT NULL, offer_id TEXT NOT NULL, state TEXT NOT NULL, reasons TEXT NOT NULL,
  price TEXT, currency TEXT NOT NULL, price_source TEXT NOT NULL, base_price TEXT, base_currency TEXT NOT NULL,
  exchange_rate TEXT, rate_source TEXT, translation TEXT NOT NULL, auto_translate INTEGER NOT NULL,
  delivery TEXT NOT NULL, warnings TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY(market, offer_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS shares_state ON shares(market, state, offer_id);
CREATE INDEX IF NOT EXISTS shares_offer ON shares(offer_id);
CREATE TABLE IF NOT EXISTS share_reasons(
  market TEXT NOT NULL, code TEXT NOT NULL, offer_id TEXT NOT NULL,
  PRIMARY KEY(market, offer_id, code)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS share_reasons_code ON share_reasons(market, code, offer_id);
CREATE TABLE IF NOT EXISTS exchange_rates(
  from_ccy TEXT NOT NULL, to_ccy TEXT NOT NULL, rate_date TEXT NOT NULL, rate TEXT NOT NULL, source TEXT NOT NULL,
  set_at TEXT NOT NULL, PRIMARY KEY(from_ccy, to_ccy, rate_date)) WITHOUT ROWID;
";

        private void Exec(string sql, DbTransaction? tx = null)
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        /// <summary>
        /// A command with named parameters (@name), kept for the life of the workspace and enlisted in the open transaction: for
        /// statements of a fixed shape off the per-record path.
        /// </summary>
        internal DbCommand CachedCommand(string key, string sql, params string[] parameterNames)
        {
            if (!_commands.TryGetValue(key, out var cmd))
            {
                cmd = _connection.CreateCommand();
                cmd.CommandText = sql;
                foreach (var p in parameterNames)
                {
                    var parameter = cmd.CreateParameter();
                    parameter.ParameterName = p;
                    parameter.Value = DBNull.Value;
                    cmd.Parameters.Add(parameter);
                }
                _commands[key] = cmd;
            }
            cmd.Transaction = _transaction;
            return cmd;
        }

        /// <summary>A statement of the per-record path, prepared once (parameters bind by position, see <see cref="IStatement"/>).</summary>
        internal IStatement Statement(string key, string sql)
        {
            if (!_statements.TryGetValue(key, out var st))
            {
                ThrowIfDisposed();
                st = _sqlite != null ? new SqliteStatement(_sqlite.Handle!, sql)
                    : (IStatement)new PostgresStatement((Npgsql.NpgsqlConnection)_connection, sql);
                _statements[key] = st;
            }
            return st;
        }

        /// <summary>A one-off command (SQL built for the call, named parameters) enlisted in the open transaction; the caller disposes it.</summary>
        internal DbCommand NewCommand(string sql)
        {
            var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = _transaction;
            return cmd;
        }

        /// <summary>
        /// Opens the write transaction if none is open. Writers call it before their first statement.
        /// On SQLite it is BEGIN IMMEDIATE: the
        /// write lock is taken at the start (waiting up to the busy timeout for another process's writer), so a transaction never
        /// has to upgrade a read to a write, which SQLite refuses at once (SQLITE_BUSY) in WAL mode when another writer committed
        /// in between. Should SQLite still answer busy or locked at the start (the timeout ran out behind a long writer, or a
        /// WAL recovery), the start is retried with a growing pause (50 ms doubling to 2 s, about two minutes in all) before
        /// the error reaches the caller: nothing has been written then, so a retry is always safe.
        /// On PostgreSQL the same holds through the workspace's write lock (see <see cref="BeginPostgresWrite"/>).
        /// </summary>
        internal void BeginWrite()
        {
            ThrowIfDisposed();
            if (_transaction != null) return;
            if (IsPostgres) { BeginPostgresWrite(); return; }
            int pause = 50;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    _transaction = _sqlite!.BeginTransaction(deferred: false);
                    return;
                }
                catch (SqliteException ex) when (IsBusy(ex) && attempt < BeginAttempts)
                {
                    BusyRetries++;
                    System.Threading.Thread.Sleep(pause);
                    pause = Math.Min(pause * 2, 2000);
                }
            }
        }

        /// <summary>Attempts to start a write transaction before a busy or locked answer reaches the caller.</summary>
        internal const int BeginAttempts = 64;

        /// <summary>How many times a write transaction's start was retried after SQLite answered busy or locked.</summary>
        public int BusyRetries { get; private set; }

        /// <summary>SQLITE_BUSY (5) or SQLITE_LOCKED (6), extended codes included.</summary>
        internal static bool IsBusy(SqliteException ex) => (ex.SqliteErrorCode & 0xFF) is 5 or 6;

        /// <summary>Marks one whole record written.</summary>
        public void RecordWritten() => PendingWrites++;

        /// <summary>Commits when the batch is full; returns true when it did.</summary>
        public bool CommitIfDue()
        {
            if (PendingWrites >= BatchSize) { Commit(); return true; }
            return false;
        }

        /// <summary>Commits every record written so far.</summary>
        public void Commit()
        {
            if (_transaction == null) return;
            try
            {
                _transaction.Commit();
            }
            catch (Exception ex) when (StorageFailure(ex, PendingWrites) is { } failure)
            {
                AbandonBatch();
                throw failure;
            }
            _transaction.Dispose();
            _transaction = null;
            PendingWrites = 0;
            Commits++;
            ScheduleCheckpoint();
        }

        /// <summary>How many batches this workspace committed since it was opened (owners of records waiting for their batch compare it).</summary>
        public long Commits { get; private set; }

        /// <summary>
        /// Hands the page cache back (up to 64 MB per open workspace) once a command is done with the file: a session keeps its
        /// workspaces open, and would otherwise hold that much per file it touched. The next command reads the pages again from
        /// the operating system's cache. Nothing is written; an open batch is kept.
        /// </summary>
        public void ReleaseMemory()
        {
            if (_disposed || IsPostgres) return; // PostgreSQL's cache is the server's
            Exec("PRAGMA shrink_memory;", _transaction);
        }

        /// <summary>Bytes the page cache of this workspace holds now.</summary>
        internal long CacheBytes()
        {
            ThrowIfDisposed();
            if (_sqlite == null) return 0;
            int rc = SQLitePCL.raw.sqlite3_db_status(_sqlite.Handle!, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_USED, out int current, out _, 0);
            return rc == SQLitePCL.raw.SQLITE_OK ? current : -1;
        }

        /// <summary>Drops what was written since the last commit.</summary>
        public void Rollback()
        {
            if (_transaction == null) return;
            _transaction.Rollback();
            _transaction.Dispose();
            _transaction = null;
            PendingWrites = 0;
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(WorkspaceStore));
        }

        /// <summary>Commits pending records and closes the file.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            try { Commit(); }
            finally
            {
                ReleaseJobs();
                CloseCheckpoints();
                foreach (var c in _commands.Values) c.Dispose();
                _commands.Clear();
                foreach (var f in _statements.Values) f.Dispose();
                _statements.Clear();
                _connection.Dispose();
                _disposed = true;
            }
        }

        internal static string? DecimalText(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

        /// <summary>A stored decimal column that may be NULL.</summary>
        internal static decimal? ReadDecimal(DbDataReader r, int i) =>
            r.IsDBNull(i) ? (decimal?)null : StoredText.ParseDecimal(r.GetString(i));

        /// <summary>A stored decimal that may be NULL.</summary>
        internal static decimal? ReadDecimal(string? text) => text == null ? (decimal?)null : StoredText.ParseDecimal(text);

        internal static string? ReadStr(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

        /// <summary>The stored form of a time: UTC, "yyyy-MM-ddTHH:mm:ss.fffffffZ" (formatted by hand: once per record written).</summary>
        internal static string Stamp(DateTimeOffset t)
        {
            var u = t.UtcDateTime;
            var c = new char[28];
            Digits(c, 0, u.Year, 4); c[4] = '-';
            Digits(c, 5, u.Month, 2); c[7] = '-';
            Digits(c, 8, u.Day, 2); c[10] = 'T';
            Digits(c, 11, u.Hour, 2); c[13] = ':';
            Digits(c, 14, u.Minute, 2); c[16] = ':';
            Digits(c, 17, u.Second, 2); c[19] = '.';
            Digits(c, 20, (int)(u.Ticks % TimeSpan.TicksPerSecond), 7); c[27] = 'Z';
            return new string(c);
        }

        private static void Digits(char[] c, int at, int value, int width)
        {
            for (int i = at + width - 1; i >= at; i--) { c[i] = (char)('0' + value % 10); value /= 10; }
        }

        internal static DateTimeOffset ReadStamp(DbDataReader r, int i) => StoredText.ParseStamp(r.GetString(i));

        internal static object OrNull(object? value) => value ?? DBNull.Value;

        internal static IReadOnlyList<string> SplitStored(string s) =>
            s.Length == 0 ? Array.Empty<string>() : s.Split(';');

        // ---- statements built per call: both engines take the same text -----------------------------------------

        /// <summary>Sees every query statement of the read path before it runs (tests check their plans).</summary>
        internal Action<DbCommand>? QueryObserver { get; set; }

        /// <summary>How many arms one statement may have (SQLite allows 500 in a compound SELECT).</summary>
        internal const int MaxArms = 64;

        /// <summary>Arms merged in order of the first column after the market (offer id); one arm is a plain SELECT.</summary>
        internal static string Compound(List<string> arms, bool distinct, int? limit, int orderColumn = 2) =>
            string.Join(distinct ? " UNION " : " UNION ALL ", arms) + " ORDER BY " + orderColumn.ToString(CultureInfo.InvariantCulture) +
            (limit.HasValue ? " LIMIT " + limit.Value.ToString(CultureInfo.InvariantCulture) : "");

        /// <summary>The values once each, in SQLite's BINARY order; null for none.</summary>
        internal static List<string>? Distinct(IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return null;
            return new List<string>(new SortedSet<string>(values, StoredText.BinaryOrder));
        }

        internal static List<T> ReadAll<T>(DbCommand cmd, Func<DbDataReader, T> read)
        {
            var list = new List<T>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(read(r));
            return list;
        }

        /// <summary>
        /// SQLite's INSERT OR REPLACE written as both engines take it: INSERT ... ON CONFLICT (the key) DO UPDATE SET every other
        /// column to the new row's value.
        /// </summary>
        internal static string Upsert(string table, string columns, string keyColumns, string values)
        {
            var keys = new HashSet<string>(keyColumns.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries));
            var set = new List<string>();
            foreach (var c in columns.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                if (!keys.Contains(c)) set.Add(c + " = excluded." + c);
            return "INSERT INTO " + table + "(" + columns + ") VALUES(" + values + ") ON CONFLICT(" + keyColumns + ") DO "
                + (set.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", set));
        }

        internal static List<string> ToStrings<T>(IEnumerable<T> values)
        {
            var l = new List<string>();
            foreach (var v in values) l.Add(v!.ToString()!);
            return l;
        }

        internal static void AddInFilter(DbCommand cmd, List<string> where, string column, string prefix, IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return;
            var names = new string[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                names[i] = prefix + i;
                cmd.Parameters.AddWithValue(names[i], values[i]);
            }
            where.Add(column + " IN (" + string.Join(",", names) + ")");
        }

        /// <summary>Exact ids use IN; PowerShell wildcards (* and ?) become LIKE patterns, case-insensitive.</summary>
        internal static void AddIdFilter(DbCommand cmd, List<string> where, string column, IReadOnlyList<string>? ids)
        {
            if (ids == null || ids.Count == 0) return;
            var exact = new List<string>();
            var likes = new List<string>();
            foreach (var id in ids)
            {
                if (id.IndexOf('*') >= 0 || id.IndexOf('?') >= 0)
                {
                    var name = "@like" + likes.Count;
                    cmd.Parameters.AddWithValue(name, ToLike(id));
                    likes.Add(column + " " + Like(cmd) + " " + name + " ESCAPE '\\'");
                }
                else exact.Add(id);
            }
            var parts = new List<string>();
            if (exact.Count > 0)
            {
                var names = new string[exact.Count];
                for (int i = 0; i < exact.Count; i++)
                {
                    names[i] = "@id" + i;
                    cmd.Parameters.AddWithValue(names[i], exact[i]);
                }
                parts.Add(column + " IN (" + string.Join(",", names) + ")");
            }
            parts.AddRange(likes);
            where.Add("(" + string.Join(" OR ", parts) + ")");
        }

        internal static string ToLike(string wildcard)
        {
            var sb = new System.Text.StringBuilder(wildcard.Length + 4);
            foreach (var c in wildcard)
            {
                switch (c)
                {
                    case '*': sb.Append('%'); break;
                    case '?': sb.Append('_'); break;
                    case '%': case '_': case '\\': sb.Append('\\').Append(c); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }
    }
}
