using System;
using System.Linq;
using ListingPs.Core.Model;
using Xunit;
using static ListingPs.Core.Tests.ConnectionTestRules;

namespace ListingPs.Core.Tests
{
    /// <summary>Every connection rule: a broken one is an error that names it, and nothing is created or changed.</summary>
    public sealed class ConnectionConstraintTests : IDisposable
    {
        private readonly ConnectionFixture _f = new ConnectionFixture();

        public ConnectionConstraintTests()
        {
            _f.Add(Offer("U1", 10m), Offer("U2", 20m),
                Offer("D1", 10m, market: De), Offer("K1", 10m, market: Uk), Offer("J1", 1000m, market: Jp), Offer("C1", 10m, market: Ca));
        }

        public void Dispose() => _f.Dispose();

        private ListingPsException Refused(string source, params string[] targets)
        {
            int before = _f.Workspace.Connections.Query().Count;
            var rowsBefore = _f.Rows().Count;
            var e = Assert.ThrowsAny<ListingPsException>(() => _f.Connect(source, targets));
            Assert.Equal(before, _f.Workspace.Connections.Query().Count);
            Assert.Equal(rowsBefore, _f.Rows().Count);
            return e;
        }

        [Fact]
        public void A_source_is_never_a_target_of_its_own_connection()
        {
            var e = Refused(Us, Ca, Us);
            Assert.Equal(ErrorIds.SourceIsTarget, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("amazon-us", e.Message);
        }

        [Fact]
        public void A_source_is_never_a_target_of_another_connection()
        {
            _f.Connect(Us, new[] { Ca });
            var e = Refused(Ca, Mx);                      // amazon-ca is a target of C001
            Assert.Equal(ErrorIds.SourceIsTarget, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
            Assert.Contains("C001", e.Message);
            _f.Service.SetSellerProfile(null, new[] { "EU" });
            var e2 = Refused(De, Us);                     // amazon-us is the source of C001
            Assert.Equal(ErrorIds.SourceIsTarget, e2.ErrorId);
            Assert.Contains("source of connection C001", e2.Message);
        }

        [Fact]
        public void A_target_has_one_source()
        {
            _f.Service.SetSellerProfile(null, new[] { "FE" });
            _f.Connect(Us, new[] { Uk });
            var e = Refused(Jp, Au, Uk);
            Assert.Equal(ErrorIds.TargetHasSource, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
            Assert.Contains("amazon-uk already takes its offers from amazon-us", e.Message);
        }

        [Fact]
        public void A_source_has_one_connection_that_takes_more_targets()
        {
            _f.Connect(Us, new[] { Ca });
            var e = Refused(Us, Mx);
            Assert.Equal(ErrorIds.SourceAlreadyConnected, e.ErrorId);
            Assert.Contains("Add-MarketConnectionTarget -ConnectionId C001", e.Message);
        }

        [Fact]
        public void A_second_source_must_be_in_another_region()
        {
            _f.Service.SetSellerProfile(null, new[] { "NA", "EU", "FE" });
            _f.Connect(De, new[] { Fr });
            var e = Refused(Uk, Jp);                      // amazon-uk is in EU like amazon-de
            Assert.Equal(ErrorIds.SecondSourceSameRegion, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
            Assert.Contains("region EU", e.Message);
        }

        [Fact]
        public void A_second_source_needs_its_region_linked()
        {
            _f.Connect(Us, new[] { Ca });
            var e = Refused(De, Fr);
            Assert.Equal(ErrorIds.RegionNotLinked, e.ErrorId);
            Assert.Contains("Set-SellerProfile -LinkedRegion EU", e.Message);

            _f.Service.SetSellerProfile("Seller", new[] { "eu" });
            Assert.Equal(new[] { "EU" }, _f.Service.GetSellerProfile().LinkedRegions);
            var second = _f.Connect(De, new[] { Fr });     // linked now: a second source in another region
            Assert.Equal("C002", second.ConnectionId);
            Assert.Equal("EU", second.Region);
            Assert.Equal(1, second.Summary.Synchronized);
        }

        [Fact]
        public void The_first_source_needs_no_linked_region_and_a_single_source_serves_every_region()
        {
            var c = _f.Connect(Us, new[] { Ca, Uk, Jp });
            Assert.Equal(new[] { Ca, Uk, Jp }, c.TargetMarkets);
            Assert.Equal(6, c.Summary.Synchronized);       // U1, U2 on three targets
        }

        [Fact]
        public void Allegro_connections_neither_count_as_nor_need_a_second_amazon_source()
        {
            _f.Connect(Us, new[] { Ca });
            // No linked region needed for the Allegro connection, although amazon-us is a source in NA.
            var allegro = _f.Connect(ConnectionTestRules.Pl, new[] { ConnectionTestRules.Cz, ConnectionTestRules.Sk });
            Assert.Equal("allegro", allegro.Platform);
            // ... and it is no first source for Amazon either: with only the Allegro connection, amazon-de needs no link.
            using var other = new ConnectionFixture();
            other.Connect(ConnectionTestRules.Pl, new[] { ConnectionTestRules.Cz });
            Assert.Equal("amazon", other.Connect(De, new[] { Fr }).Platform);
        }

        [Fact]
        public void Connections_stay_within_a_platform()
        {
            var e = Refused(Us, ConnectionTestRules.Cz);
            Assert.Equal(ErrorIds.InvalidConnectionMarket, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            var e2 = Refused(ConnectionTestRules.Pl, De);
            Assert.Equal(ErrorIds.InvalidConnectionMarket, e2.ErrorId);
            var e3 = Refused(ConnectionTestRules.Cz, ConnectionTestRules.Sk);   // Allegro connections start from the base market
            Assert.Equal(ErrorIds.InvalidConnectionMarket, e3.ErrorId);
        }

        [Fact]
        public void Unknown_markets_and_missing_rates_are_refused_before_anything_is_created()
        {
            Assert.Equal(ErrorIds.UnknownMarket, Refused(Us, "amazon-xx").ErrorId);
            using var noRate = new ConnectionFixture(Build(withoutMxnRate: true));
            noRate.Add(Offer("U1"));
            var e = Assert.ThrowsAny<ListingPsException>(() => noRate.Connect(Us, new[] { Ca, Mx }));
            Assert.Equal(ErrorIds.NoExchangeRate, e.ErrorId);
            Assert.Empty(noRate.Workspace.Connections.Query());
            Assert.Empty(noRate.Rows());
        }

        [Fact]
        public void Without_accepted_obligations_nothing_is_created_and_the_error_says_why()
        {
            var plan = _f.Service.PlanConnection(Us, new[] { Ca }, new ConnectionRules());
            var e = Assert.Throws<ListingPsException>(() => _f.Service.Create(plan, obligationsAccepted: false));
            Assert.Equal(ErrorIds.ObligationsNotAccepted, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
            Assert.Contains("Nothing was created", e.Message);
            Assert.Contains("-AcceptObligations", e.Message);
            Assert.Contains("amazon-ca", e.Message);
            Assert.Empty(_f.Workspace.Connections.Query());
            Assert.Empty(_f.Rows());
        }

        [Fact]
        public void Added_targets_follow_the_same_rules()
        {
            _f.Service.SetSellerProfile(null, new[] { "EU" });
            _f.Connect(Us, new[] { Ca });
            _f.Connect(De, new[] { Fr });
            void AddRefused(string id, string target, string errorId)
            {
                var rows = _f.Rows().Count;
                var e = Assert.ThrowsAny<ListingPsException>(() => _f.Service.AddTargets(_f.Service.PlanAddTargets(id, new[] { target }, null, null), true));
                Assert.Equal(errorId, e.ErrorId);
                Assert.Equal(rows, _f.Rows().Count);
            }
            AddRefused("C001", Fr, ErrorIds.TargetHasSource);   // amazon-fr takes its offers from amazon-de
            AddRefused("C001", De, ErrorIds.SourceIsTarget);    // amazon-de is a source
            AddRefused("C001", Us, ErrorIds.SourceIsTarget);    // the connection's own source
            AddRefused("C001", Ca, ErrorIds.TargetHasSource);   // already a target of C001
            AddRefused("C009", Mx, ErrorIds.ConnectionNotFound);
            var plan = _f.Service.PlanAddTargets("C001", new[] { Mx }, null, null);
            Assert.Equal(ErrorIds.ObligationsNotAccepted, Assert.Throws<ListingPsException>(() => _f.Service.AddTargets(plan, false)).ErrorId);
            Assert.DoesNotContain(Mx, _f.Service.GetConnection("C001").TargetMarkets);
            var added = _f.Service.AddTargets(plan, true);
            Assert.Equal(new[] { Ca, Mx }, added.TargetMarkets);
            Assert.Equal(2, added.Summary.Created);
            Assert.Equal(170.40m, _f.Row(Mx, "U1").Price);   // 10 x 17.0399 = 170.399
        }

        [Fact]
        public void Unknown_regions_cannot_be_linked()
        {
            var e = Assert.Throws<ListingPsException>(() => _f.Service.SetSellerProfile(null, new[] { "EU", "Mars" }));
            Assert.Equal(ErrorIds.UnknownRegion, e.ErrorId);
            Assert.Contains("NA", e.Message);
            Assert.Empty(_f.Service.GetSellerProfile().LinkedRegions);
        }
    }
}
