using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using Npgsql;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// Where a workspace lives: a SQLite file (a path) or a PostgreSQL database (a connection string,
    /// <c>Host=db;Database=listingps;Username=...</c>, or a <c>postgres://user@host:port/database</c> URI). The same text goes
    /// where a path goes today (-Workspace, $env:LISTINGPS_WORKSPACE). A password may come from the text, from a credential, or
    /// from PostgreSQL's own PGPASSWORD and .pgpass (Npgsql reads both); it is never part of <see cref="Display"/>, which is what
    /// errors, verbose output and reports name.
    /// </summary>
    public sealed class WorkspaceLocation
    {
        private WorkspaceLocation(string text, string display, string? connectionString)
        {
            Text = text; Display = display; ConnectionString = connectionString;
        }

        /// <summary>The path or connection text as given (may hold a password: not for display).</summary>
        public string Text { get; }

        /// <summary>The path, or the database as <c>postgres://user@host:port/database</c> without any password.</summary>
        public string Display { get; }

        /// <summary>Npgsql's connection string; null for a SQLite file.</summary>
        internal string? ConnectionString { get; }

        public bool IsPostgres => ConnectionString != null;

        /// <summary>A SQLite file at an absolute path.</summary>
        public static WorkspaceLocation File(string path) => new WorkspaceLocation(path, path, null);

        /// <summary>Whether the text names a PostgreSQL database rather than a file: a postgres:// or postgresql:// URI, or
        /// key=value pairs with a Host (or Server) key. A file name with '=' in it stays a file unless it also reads as such pairs.</summary>
        public static bool IsPostgresText(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return false;
            var t = text!.Trim();
            if (t.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
                return true;
            if (t.IndexOf('=') < 0) return false;
            foreach (var part in t.Split(';'))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0) continue;
                var key = part.Substring(0, eq).Trim();
                if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }

        /// <summary>
        /// The PostgreSQL location of a connection string or URI, with <paramref name="credential"/> (user name and password)
        /// over what the text says. A malformed text is refused with an error that does not repeat the text (it may hold a password).
        /// </summary>
        public static WorkspaceLocation Postgres(string text, NetworkCredential? credential = null)
        {
            NpgsqlConnectionStringBuilder b;
            try
            {
                var t = text.Trim();
                b = t.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && t.IndexOf("://", StringComparison.Ordinal) > 0
                    ? FromUri(t)
                    : new NpgsqlConnectionStringBuilder(t);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is UriFormatException || ex is KeyNotFoundException)
            {
                throw new ListingPsException(ErrorIds.WorkspaceUnavailable,
                    "The workspace connection string is not valid: " + Redact(ex.Message) + " Give a PostgreSQL connection string "
                    + "('Host=db;Database=listingps;Username=admin') or a URI ('postgres://admin@db:5432/listingps').",
                    ErrorKind.InvalidArgument, null);
            }
            if (credential != null)
            {
                if (!string.IsNullOrEmpty(credential.UserName)) b.Username = credential.UserName;
                if (!string.IsNullOrEmpty(credential.Password)) b.Password = credential.Password;
            }
            if (string.IsNullOrEmpty(b.Database)) b.Database = "listingps";
            if (string.IsNullOrEmpty(b.ApplicationName)) b.ApplicationName = "ListingPs";
            // The workspace's own settings: no pooling (a session keeps its connection open), no password in the connection's
            // own ConnectionString once opened.
            b.PersistSecurityInfo = false;
            b.Pooling = false;
            if (b.CommandTimeout == 30) b.CommandTimeout = 300; // a 100k-row statement or a wait for the write lock
            var display = "postgres://" + (string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@")
                + b.Host + (b.Port != NpgsqlConnection.DefaultPort ? ":" + b.Port.ToString(CultureInfo.InvariantCulture) : "")
                + "/" + Uri.EscapeDataString(b.Database!)
                + (string.IsNullOrEmpty(b.SearchPath) ? "" : "?search_path=" + Uri.EscapeDataString(b.SearchPath));
            return new WorkspaceLocation(text, display, b.ConnectionString);
        }

        private static NpgsqlConnectionStringBuilder FromUri(string uri)
        {
            var u = new Uri(uri);
            var b = new NpgsqlConnectionStringBuilder { Host = u.Host };
            if (u.Port > 0) b.Port = u.Port;
            if (!string.IsNullOrEmpty(u.UserInfo))
            {
                var info = u.UserInfo;
                int colon = info.IndexOf(':');
                b.Username = Uri.UnescapeDataString(colon < 0 ? info : info.Substring(0, colon));
                if (colon >= 0) b.Password = Uri.UnescapeDataString(info.Substring(colon + 1));
            }
            var db = u.AbsolutePath.Trim('/');
            if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
            var query = u.Query.TrimStart('?');
            if (query.Length > 0)
            {
                foreach (var pair in query.Split('&'))
                {
                    int eq = pair.IndexOf('=');
                    if (eq <= 0) continue;
                    var key = Uri.UnescapeDataString(pair.Substring(0, eq));
                    var value = Uri.UnescapeDataString(pair.Substring(eq + 1));
                    switch (key.ToLowerInvariant())
                    {
                        case "sslmode": b["SSL Mode"] = value; break;
                        case "search_path": b.SearchPath = value; break;
                        case "application_name": b.ApplicationName = value; break;
                        case "connect_timeout": b.Timeout = int.Parse(value, CultureInfo.InvariantCulture); break;
                        default: b[key] = value; break;
                    }
                }
            }
            return b;
        }

        /// <summary>A connection string parser's message may quote the text: anything after "password" is cut.</summary>
        private static string Redact(string message)
        {
            int at = message.IndexOf("assword", StringComparison.OrdinalIgnoreCase);
            return at < 0 ? message : message.Substring(0, Math.Max(0, at - 1)) + "(...)";
        }

        public override string ToString() => Display;
    }
}
