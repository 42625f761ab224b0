using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The read path's seeking queries (per market and state or reason arms, id ranges for wildcard prefixes, small first
    /// page) against the plain single-statement SQL they replace, on data with several markets, states, reasons and ids whose
    /// characters sit at the edges of the ranges (case, '_', '%', '\', Z/[, z/{, U+FFFF, surrogate pairs).
    /// </summary>
    public sealed class QueryPagingTests : IDisposable
    {
        private readonly ServiceFixture _fx = new ServiceFixture();
        private readonly Xunit.Abstractions.ITestOutputHelper? _out;

        public QueryPagingTests(Xunit.Abstractions.ITestOutputHelper output) { _out = output; }
        private WorkspaceStore Ws => _fx.Workspace;

        public void Dispose() => _fx.Dispose();

        private static readonly string[] Markets = { TestRules.Cz, TestRules.Sk, TestRules.Hu, "allegro-business-pl" };
        private static readonly ShareState[] States = { ShareState.Approved, ShareState.Refused, ShareState.Pending, ShareState.Withdrawn, ShareState.InProgress };
        private static readonly string[] Codes = { ReasonCodes.CurrencyNotAvailable, ReasonCodes.LanguageNotAvailable, ReasonCodes.PriceMismatch };
        private static readonly OfferStatus[] Statuses = { OfferStatus.Active, OfferStatus.Inactive, OfferStatus.Ended };

        /// <summary>Ids at the edges: case forms, LIKE's special characters, last characters whose successor is a punctuation or a surrogate.</summary>
        private static readonly string[] EdgeIds =
        {
            "AZ", "AZ0", "A[", "A[1", "Az", "az", "aZ9", "A{", "A`", "A@", "ABCD", "abcdeX", "ABCDEY", "AbCdEz", "abcdf", "ABCDF1", "abcd",
            "A\uFFFF", "A\uFFFFx", "A\U0001F600", "A\U0001F601", "A\uE000", "A\uD7FF", "A\uD7FFz", "A\U0010FFFF", "A\U0010FFFFb",
            "Aé1", "AÉ2", "aé3", "A_1", "AB1", "Ab1", "A%2", "Ax2", "A\\3", "A\\", "A~", "A\u007F", "A\u0080", "B", "b", "9", ":", "PL-009", "PL-00A",
        };

        private List<string> Seed(int generated, int seed)
        {
            var rnd = new Random(seed);
            var ids = new List<string>(EdgeIds);
            string[] prefixes = { "PL-", "pl-", "Pl-", "pL-" };
            for (int i = 0; i < generated; i++) ids.Add(prefixes[rnd.Next(prefixes.Length)] + rnd.Next(0, 1000).ToString("D4", CultureInfo.InvariantCulture));
            ids = ids.Distinct(StringComparer.Ordinal).ToList();
            foreach (var id in ids)
            {
                var o = TestRules.Shareable(id);
                o.Market = rnd.Next(10) == 0 ? TestRules.Amazon : TestRules.Pl;
                o.Status = Statuses[rnd.Next(Statuses.Length)];
                Ws.Offers.Upsert(o);
                foreach (var m in Markets)
                {
                    if (rnd.Next(4) == 0) continue; // not shared to this market
                    var state = States[rnd.Next(States.Length)];
                    var codes = state == ShareState.Refused || state == ShareState.Pending
                        ? Codes.Where(_ => rnd.Next(2) == 0).ToArray() : Array.Empty<string>();
                    Ws.Shares.Upsert(new ShareRecord
                    {
                        OfferId = id, Market = m, State = state, Currency = "CZK", BaseCurrency = "PLN", Price = rnd.Next(3) == 0 ? (decimal?)null : 509.50m,
                        BasePrice = 100m, PriceSource = PriceSource.Converter, ExchangeRate = 5.0942m, RateSource = "NBP", Translation = TranslationKind.Own,
                        Reasons = codes.Select(c => ReasonCodes.Create(c, new Dictionary<string, string> { ["market"] = m })).ToArray(),
                        Delivery = new[] { new DeliveryQuote("allegro-dhl-cz", "DHL", 129.90m, "CZK", true), new DeliveryQuote("x", "x", 0m, "CZK", false) },
                        UpdatedAt = TestRules.Now,
                    }, false);
                }
            }
            Ws.Commit();
            return ids;
        }

        /// <summary>The filter as one plain statement (what Shares.Query ran before it paged by arms).</summary>
        private List<string> ExpectedShares(ShareQuery q)
        {
            using var c = TestWorkspaces.ConnectionFromOutside(_fx.DbPath);
            c.Open();
            using var cmd = c.CreateCommand();
            var where = new List<string>();
            WorkspaceStore.AddInFilter(cmd, where, "s.market", "@m", q.Markets);
            WorkspaceStore.AddIdFilter(cmd, where, "s.offer_id", q.OfferIds);
            if (q.States != null && q.States.Count > 0) WorkspaceStore.AddInFilter(cmd, where, "s.state", "@s", WorkspaceStore.ToStrings(q.States));
            if (q.OfferStatuses != null && q.OfferStatuses.Count > 0) WorkspaceStore.AddInFilter(cmd, where, "o.status", "@os", WorkspaceStore.ToStrings(q.OfferStatuses));
            if (q.Reasons != null && q.Reasons.Count > 0)
            {
                var w = new List<string>();
                WorkspaceStore.AddInFilter(cmd, w, "r.code", "@r", q.Reasons);
                where.Add("EXISTS (SELECT 1 FROM share_reasons r WHERE r.market = s.market AND r.offer_id = s.offer_id AND " + w[0] + ")");
            }
            cmd.CommandText = "SELECT s.market, s.offer_id FROM shares s JOIN offers o ON o.offer_id = s.offer_id" +
                (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY s.market, s.offer_id";
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0) + "/" + r.GetString(1));
            return list;
        }

        private List<string> ExpectedOffers(OfferQuery q)
        {
            using var c = TestWorkspaces.ConnectionFromOutside(_fx.DbPath);
            c.Open();
            using var cmd = c.CreateCommand();
            var where = new List<string>();
            WorkspaceStore.AddIdFilter(cmd, where, "offer_id", q.OfferIds);
            WorkspaceStore.AddInFilter(cmd, where, "market", "@m", q.Markets);
            if (q.Statuses != null && q.Statuses.Count > 0) WorkspaceStore.AddInFilter(cmd, where, "status", "@s", WorkspaceStore.ToStrings(q.Statuses));
            cmd.CommandText = "SELECT offer_id FROM offers" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY offer_id";
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }

        private List<string> ExpectedUnshared(string market, IReadOnlyList<string>? ids, IReadOnlyList<OfferStatus>? statuses)
        {
            using var c = TestWorkspaces.ConnectionFromOutside(_fx.DbPath);
            c.Open();
            using var cmd = c.CreateCommand();
            var where = new List<string> { "o.market = 'allegro-pl'", "NOT EXISTS (SELECT 1 FROM shares s WHERE s.market = @mk AND s.offer_id = o.offer_id)" };
            cmd.Parameters.AddWithValue("@mk", market);
            WorkspaceStore.AddIdFilter(cmd, where, "o.offer_id", ids);
            if (statuses != null && statuses.Count > 0) WorkspaceStore.AddInFilter(cmd, where, "o.status", "@os", WorkspaceStore.ToStrings(statuses));
            cmd.CommandText = "SELECT o.offer_id FROM offers o WHERE " + string.Join(" AND ", where) + " ORDER BY o.offer_id";
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }

        /// <summary>Id filters: exact ids, prefixes in every case, LIKE's special characters, boundaries, patterns that are not prefixes.</summary>
        private static readonly string[][] IdFilters =
        {
            new[] { "PL-00*" }, new[] { "pl-00*" }, new[] { "Pl-01*" }, new[] { "PL-*" }, new[] { "p*" }, new[] { "PL-009*" }, new[] { "PL-00?" },
            new[] { "AZ*" }, new[] { "az*" }, new[] { "Az*" }, new[] { "A[*" }, new[] { "A_*" }, new[] { "a%*" }, new[] { "A\\*" }, new[] { "A*" },
            new[] { "a*" }, new[] { "abcde*" }, new[] { "ABCDE*" }, new[] { "abcd*" }, new[] { "AbCd*" }, new[] { "A\uFFFF*" }, new[] { "A\U0001F600*" },
            new[] { "A\uD7FF*" }, new[] { "A\U0010FFFF*" }, new[] { "aé*" }, new[] { "AÉ*" }, new[] { "A~*" }, new[] { "A\u007F*" }, new[] { "9*" },
            new[] { "*" }, new[] { "**" }, new[] { "A**" }, new[] { "*1" }, new[] { "?Z*" }, new[] { "A*1" }, new[] { "PL-0*1*" }, new[] { "PL-0?1*" },
            new[] { "AZ", "az", "A[" }, new[] { "PL-00*", "PL-000*" }, new[] { "PL-00*", "pl-001*", "AZ" }, new[] { "b*", "B" }, new[] { "nope" },
            new[] { "abcde*", "*Y" }, new[] { "A*", "PL-0000", "PL-0001", "pl-0002" }, new[] { "PL-009", "PL-00A", "B*" },
        };

        private static T[]? Pick<T>(Random rnd, T[] all, int chance)
        {
            if (rnd.Next(chance) != 0) return null;
            var picked = all.Where(_ => rnd.Next(2) == 0).ToArray();
            return picked.Length == 0 ? new[] { all[rnd.Next(all.Length)] } : picked;
        }

        [Fact]
        public void Shares_every_filter_pages_to_the_same_records_in_the_same_order()
        {
            Seed(400, 7);
            _fx.Service.QueryFirstPageSize = 3;
            _fx.Service.QueryPageSize = 7;
            var rnd = new Random(11);
            int nonEmpty = 0;
            for (int n = 0; n < 400; n++)
            {
                var q = new ShareQuery
                {
                    Markets = Pick(rnd, Markets.Concat(new[] { "allegro-pl" }).ToArray(), 2),
                    States = Pick(rnd, States, 2),
                    Reasons = Pick(rnd, Codes, 3),
                    OfferStatuses = Pick(rnd, Statuses, 3),
                    OfferIds = rnd.Next(3) == 0 ? null : IdFilters[rnd.Next(IdFilters.Length)],
                };
                var expected = ExpectedShares(q);
                if (expected.Count > 0) nonEmpty++;
                string what = Describe(q);
                Assert.True(expected.SequenceEqual(Ws.Shares.Query(q).Select(Key)), "Shares.Query whole: " + what);
                Assert.True(expected.SequenceEqual(_fx.Service.Query(q).Select(Key)), "ShareService.Query: " + what);
                // keyset pages of 4 from the start, and from a cursor that is not itself a record
                var paged = new List<string>();
                var p = Clone(q);
                p.Limit = 4;
                while (true)
                {
                    var page = Ws.Shares.Query(p);
                    paged.AddRange(page.Select(Key));
                    if (page.Count < 4) break;
                    p.After = (page[page.Count - 1].Market, page[page.Count - 1].OfferId);
                }
                Assert.True(expected.SequenceEqual(paged), "Shares.Query paged: " + what);
                var cursor = (TestRules.Cz, "AZ\u0001");
                var c = Clone(q);
                c.After = cursor;
                Assert.True(expected.Where(k => After(k, cursor)).SequenceEqual(Ws.Shares.Query(c).Select(Key)), "Shares.Query after a cursor: " + what);
            }
            Assert.True(nonEmpty > 200, nonEmpty + " filters matched something");
        }

        [Fact]
        public void Offers_and_unshared_offers_page_to_the_same_records_in_the_same_order()
        {
            Seed(300, 3);
            var rnd = new Random(5);
            for (int n = 0; n < 150; n++)
            {
                var q = new OfferQuery
                {
                    Markets = Pick(rnd, new[] { TestRules.Pl, TestRules.Amazon, "allegro-cz" }, 2),
                    Statuses = Pick(rnd, Statuses, 3),
                    OfferIds = rnd.Next(4) == 0 ? null : IdFilters[rnd.Next(IdFilters.Length)],
                };
                var expected = ExpectedOffers(q);
                var what = string.Join(",", q.Markets ?? new string[0]) + " | " + string.Join(",", q.OfferIds ?? new string[0]);
                Assert.True(expected.SequenceEqual(Ws.Offers.Query(q).Select(o => o.OfferId)), "Offers.Query whole: " + what);
                var paged = new List<string>();
                q.Limit = 5;
                while (true)
                {
                    var page = Ws.Offers.Query(q);
                    paged.AddRange(page.Select(o => o.OfferId));
                    if (page.Count < 5) break;
                    q.AfterOfferId = page[page.Count - 1].OfferId;
                }
                Assert.True(expected.SequenceEqual(paged), "Offers.Query paged: " + what);

                var market = Markets[rnd.Next(Markets.Length)];
                var ids = rnd.Next(3) == 0 ? null : IdFilters[rnd.Next(IdFilters.Length)];
                var st = Pick(rnd, Statuses, 3);
                var unshared = new List<string>();
                string? after = null;
                while (true)
                {
                    var page = Ws.Offers.QueryUnshared(market, TestRules.Pl, ids, st, after, 3);
                    unshared.AddRange(page.Select(o => o.OfferId));
                    if (page.Count < 3) break;
                    after = page[page.Count - 1].OfferId;
                }
                Assert.True(ExpectedUnshared(market, ids, st).SequenceEqual(unshared), "QueryUnshared: " + market + " " + string.Join(",", ids ?? new string[0]));
            }
        }

        [Fact]
        public void Not_requested_records_page_with_small_pages_too()
        {
            var ids = Enumerable.Range(0, 40).Select(i => "N" + i.ToString("D3", CultureInfo.InvariantCulture)).ToList();
            foreach (var id in ids) _fx.Service.Import(TestRules.Shareable(id));
            foreach (var id in ids.Where((_, i) => i % 3 == 0)) _fx.Service.Submit(TestRules.Shareable(id), TestRules.Cz, new SubmitOptions());
            Ws.Commit();
            _fx.Service.QueryFirstPageSize = 2;
            _fx.Service.QueryPageSize = 5;
            var q = new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.Approved, ShareState.NotRequested } };
            var keys = _fx.Service.Query(q).Select(r => r.State + "/" + r.OfferId).ToList();
            var expected = ids.Where((_, i) => i % 3 == 0).Select(i => "Approved/" + i).Concat(ids.Where((_, i) => i % 3 != 0).Select(i => "NotRequested/" + i));
            Assert.Equal(expected, keys);
        }

        [Fact]
        public void The_first_page_is_small_and_later_pages_large()
        {
            Assert.Equal(50, _fx.Service.QueryFirstPageSize);
            Assert.Equal(ShareService.PageSize, _fx.Service.QueryPageSize);
            Assert.Equal(1000, _fx.Service.QueryPageSize);
            var ids = Enumerable.Range(0, 300).Select(i => "F" + (2 * i).ToString("D4", CultureInfo.InvariantCulture)).ToList();
            foreach (var id in ids) _fx.Service.Submit(TestRules.Shareable(id), TestRules.Cz, new SubmitOptions());
            Ws.Commit();
            using var e = _fx.Service.Query(new ShareQuery { Markets = new[] { TestRules.Cz } }).GetEnumerator();
            Assert.True(e.MoveNext());
            Assert.Equal("F0000", e.Current.OfferId);
            // Pages are read whole: a share added inside the first page is not seen, one past it (record 60) is: the first page held 50.
            _fx.Service.Submit(TestRules.Shareable("F0011"), TestRules.Cz, new SubmitOptions());
            _fx.Service.Submit(TestRules.Shareable("F0121"), TestRules.Cz, new SubmitOptions());
            var rest = new List<string>();
            while (e.MoveNext()) rest.Add(e.Current.OfferId);
            Assert.DoesNotContain("F0011", rest);
            Assert.Contains("F0121", rest);
            Assert.Equal(ids.Count, rest.Count); // 299 old ones and F0121
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void Every_query_plan_seeks()
        {
            Seed(50, 1);
            // the statements Shares.Query runs, as the engine built them for the filters of Get-VerificationStatus
            var plans = new List<string>();
            void Plan(string sql, params (string, object)[] ps)
            {
                using var c = new SqliteConnection("Data Source=" + _fx.DbPath + ";Pooling=False");
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
                foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
                using var r = cmd.ExecuteReader();
                var lines = new List<string>();
                while (r.Read()) lines.Add(r.GetString(3));
                plans.Add(string.Join(" | ", lines));
            }
            var statements = new List<(string Sql, (string, object)[] Parameters)>();
            Ws.QueryObserver = cmd => statements.Add((cmd.CommandText,
                cmd.Parameters.Cast<SqliteParameter>().Select(x => (x.ParameterName, x.Value!)).ToArray()));
            foreach (var q in new[]
            {
                new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.Refused }, After = (TestRules.Cz, "PL-0100") },
                new ShareQuery { Markets = new[] { TestRules.Cz, TestRules.Sk }, States = new[] { ShareState.Refused, ShareState.Pending }, After = (TestRules.Cz, "PL-0100") },
                new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.Refused }, Reasons = new[] { Codes[0] }, After = (TestRules.Cz, "PL-0100") },
                new ShareQuery { Markets = new[] { TestRules.Cz }, Reasons = Codes, After = (TestRules.Cz, "PL-0100") },
                new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.Refused }, OfferIds = new[] { "PL-00777*" } },
                new ShareQuery { OfferIds = new[] { "pl-007*" }, After = (TestRules.Cz, "PL-0100") },
                new ShareQuery { OfferIds = new[] { "PL-0001", "AZ" }, States = new[] { ShareState.Refused }, After = (TestRules.Cz, "PL-0000") },
            })
                Ws.Shares.Query(q);
            Ws.Offers.Query(new OfferQuery { Markets = new[] { TestRules.Pl, TestRules.Amazon }, AfterOfferId = "PL-0100", Limit = 10 });
            Ws.Offers.Query(new OfferQuery { OfferIds = new[] { "PL-00*", "pl-01*" }, AfterOfferId = "PL-0001", Limit = 10 });
            Ws.Offers.QueryUnshared(TestRules.Cz, TestRules.Pl, new[] { "PL-0*" }, null, "PL-0100", 10);
            Ws.Offers.QueryWithShare(TestRules.Pl, TestRules.Cz, "PL-0100", 10);
            Ws.QueryObserver = null;
            Assert.True(statements.Count >= 10, statements.Count + " statements");
            foreach (var (sql, ps) in statements) Plan(sql, ps);
            Assert.NotEmpty(plans);
            _out?.WriteLine(string.Join("\n", plans));
            foreach (var p in plans)
            {
                Assert.DoesNotContain("SCAN", p);
                // a sort only where the rows are bounded by a list of exact ids (the offer id index finds them)
                if (!p.Contains("shares_offer (offer_id=?")) Assert.DoesNotContain("TEMP B-TREE FOR ORDER BY", p);
            }
            Assert.Contains(plans, p => p.Contains("shares_state (market=? AND state=? AND offer_id>?)"));
            Assert.Contains(plans, p => p.Contains("share_reasons_code (market=? AND code=? AND offer_id>?)"));
            Assert.Contains(plans, p => p.Contains("offer_id>? AND offer_id<?"));
            Assert.Contains(plans, p => p.Contains("shares_offer (offer_id=?)") || p.Contains("PRIMARY KEY (market=? AND offer_id=?)"));
        }

        private static string Key(ShareRecord r) => r.Market + "/" + r.OfferId;

        private static bool After(string key, (string Market, string OfferId) cursor)
        {
            int slash = key.IndexOf('/');
            string m = key.Substring(0, slash), id = key.Substring(slash + 1);
            int c = StoredText.CompareBinary(m, cursor.Market);
            return c > 0 || (c == 0 && StoredText.CompareBinary(id, cursor.OfferId) > 0);
        }

        private static ShareQuery Clone(ShareQuery q) => new ShareQuery
        {
            Markets = q.Markets, States = q.States, Reasons = q.Reasons, OfferStatuses = q.OfferStatuses, OfferIds = q.OfferIds, After = q.After, Limit = q.Limit,
        };

        private static string Describe(ShareQuery q) =>
            "markets " + string.Join(",", q.Markets ?? new string[0]) + "; states " + string.Join(",", q.States ?? new ShareState[0]) +
            "; reasons " + string.Join(",", q.Reasons ?? new string[0]) + "; statuses " + string.Join(",", q.OfferStatuses ?? new OfferStatus[0]) +
            "; ids " + string.Join(",", q.OfferIds ?? new string[0]);
    }
}
