using System.Net;
using ListingPs.Core.Workspace;
using Npgsql;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Where a workspace lives: a file path or a PostgreSQL connection string or URI, and what of it is ever shown.</summary>
    public sealed class WorkspaceLocationTests
    {
        [Theory]
        [InlineData("Host=db;Database=listingps;Username=admin", true)]
        [InlineData("server=db;database=x", true)]
        [InlineData(" host = db ; Port=5433", true)]
        [InlineData("postgres://admin@db/listingps", true)]
        [InlineData("POSTGRESQL://db", true)]
        [InlineData("/var/lib/listingps/workspace.db", false)]
        [InlineData("C:\\Users\\me\\workspace.db", false)]
        [InlineData("a=b.db", false)]
        [InlineData("Hostname=x.db", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void A_connection_string_or_URI_names_PostgreSQL_and_anything_else_is_a_file(string? text, bool postgres) =>
            Assert.Equal(postgres, WorkspaceLocation.IsPostgresText(text));

        [Fact]
        public void The_display_never_holds_the_password()
        {
            var l = WorkspaceLocation.Postgres("Host=db.example;Port=5433;Database=shop;Username=admin;Password=s3cret-Pw");
            Assert.Equal("postgres://admin@db.example:5433/shop", l.Display);
            Assert.DoesNotContain("s3cret", l.Display);
            Assert.Equal(l.Display, l.ToString());
            Assert.True(l.IsPostgres);
            Assert.Equal("s3cret-Pw", new NpgsqlConnectionStringBuilder(l.ConnectionString).Password);
        }

        [Fact]
        public void A_URI_gives_user_password_port_database_and_options()
        {
            var l = WorkspaceLocation.Postgres("postgres://ad%40min:p%3Ass@db:6543/list%20ings?sslmode=disable&search_path=team1");
            var b = new NpgsqlConnectionStringBuilder(l.ConnectionString);
            Assert.Equal("ad@min", b.Username);
            Assert.Equal("p:ss", b.Password);
            Assert.Equal(6543, b.Port);
            Assert.Equal("list ings", b.Database);
            Assert.Equal(SslMode.Disable, b.SslMode);
            Assert.Equal("team1", b.SearchPath);
            Assert.Equal("postgres://ad%40min@db:6543/list%20ings?search_path=team1", l.Display);
        }

        [Fact]
        public void A_credential_wins_over_the_text_and_the_database_defaults_to_listingps()
        {
            var l = WorkspaceLocation.Postgres("Host=db;Username=nobody;Password=old", new NetworkCredential("runbook", "fromvault"));
            var b = new NpgsqlConnectionStringBuilder(l.ConnectionString);
            Assert.Equal("runbook", b.Username);
            Assert.Equal("fromvault", b.Password);
            Assert.Equal("listingps", b.Database);
            Assert.False(b.Pooling);
            Assert.Equal("postgres://runbook@db/listingps", l.Display);
        }

        [Fact]
        public void A_malformed_connection_string_is_refused_without_repeating_it()
        {
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceLocation.Postgres("Host=db;Password=hunter2;Bogus Key=1"));
            Assert.Equal(ErrorIds.WorkspaceUnavailable, ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.DoesNotContain("hunter2", ex.Message);
            Assert.Contains("postgres://", ex.Message);
        }

        [Fact]
        public void ResolvePath_leaves_a_connection_string_as_it_is()
        {
            Assert.Equal("Host=db;Database=x", WorkspaceStore.ResolvePath("  Host=db;Database=x ", "/elsewhere"));
            Assert.Equal("postgres://db/x", WorkspaceStore.ResolvePath("postgres://db/x", "/elsewhere"));
        }

        [Fact]
        public void PostgreSQL_positional_parameters_skip_quoted_text()
        {
            Assert.Equal("SELECT $1, '?2', $12 FROM t WHERE a = $3", PostgresStatement.Positional("SELECT ?1, '?2', ?12 FROM t WHERE a = ?3", out int n));
            Assert.Equal(12, n);
        }
    }
}
