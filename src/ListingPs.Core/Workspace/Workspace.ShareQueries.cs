using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ListingPs.Core.Model;
using ListingPs.Core.Verification;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>The seller's market filter: market, offer status, verification state, rejection reason.</summary>
    public sealed class ShareQuery
    {
        public IReadOnlyList<string>? Markets { get; set; }
        /// <summary>Offer ids or PowerShell wildcard patterns.</summary>
        public IReadOnlyList<string>? OfferIds { get; set; }
        public IReadOnlyList<ShareState>? States { get; set; }
        /// <summary>Reason codes: a share matches when it has any of them.</summary>
        public IReadOnlyList<string>? Reasons { get; set; }
        public IReadOnlyList<OfferStatus>? OfferStatuses { get; set; }
        /// <summary>Keyset paging: only shares after this (market, offer id).</summary>
        public (string Market, string OfferId)? After { get; set; }
        public int? Limit { get; set; }
    }

    public sealed partial class Workspace
    {
        /// <summary>
        /// One page of share records matching the filter, ordered by market and offer id. Pages are read whole, so no
        /// statement stays open while the caller writes (a pipeline may fix what it reads).
        /// </summary>
        public List<ShareRecord> QueryShares(ShareQuery q)
        {
            using var cmd = AdHoc("");
            var where = new List<string>();
            AddInFilter(cmd, where, "s.market", "$m", q.Markets);
            AddIdFilter(cmd, where, "s.offer_id", q.OfferIds);
            if (q.States != null && q.States.Count > 0) AddInFilter(cmd, where, "s.state", "$s", ToStrings(q.States));
            if (q.OfferStatuses != null && q.OfferStatuses.Count > 0) AddInFilter(cmd, where, "o.status", "$os", ToStrings(q.OfferStatuses));
            if (q.After.HasValue)
            {
                where.Add("(s.market > $am OR (s.market = $am AND s.offer_id > $ao))");
                cmd.Parameters.AddWithValue("$am", q.After.Value.Market);
                cmd.Parameters.AddWithValue("$ao", q.After.Value.OfferId);
            }
            string from = "shares s JOIN offers o ON o.offer_id = s.offer_id";
            if (q.Reasons != null && q.Reasons.Count > 0)
            {
                var names = new string[q.Reasons.Count];
                for (int i = 0; i < q.Reasons.Count; i++)
                {
                    names[i] = "$r" + i;
                    cmd.Parameters.AddWithValue(names[i], q.Reasons[i]);
                }
                where.Add("EXISTS (SELECT 1 FROM share_reasons r WHERE r.market = s.market AND r.offer_id = s.offer_id AND r.code IN (" + string.Join(",", names) + "))");
            }
            cmd.CommandText = "SELECT " + ShareColumns + " FROM " + from +
                (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                " ORDER BY s.market, s.offer_id" + (q.Limit.HasValue ? " LIMIT " + q.Limit.Value : "");
            return ReadAll(cmd, ReadShare);
        }

        /// <summary>Counts shares by state for a market (used by summaries and the report).</summary>
        public Dictionary<ShareState, long> CountSharesByState(string market)
        {
            var result = new Dictionary<ShareState, long>();
            using var cmd = AdHoc("SELECT state, count(*) FROM shares WHERE market = $m GROUP BY state");
            cmd.Parameters.AddWithValue("$m", market);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[(ShareState)Enum.Parse(typeof(ShareState), r.GetString(0))] = r.GetInt64(1);
            return result;
        }

        /// <summary>Counts shares by reason code for a market.</summary>
        public Dictionary<string, long> CountSharesByReason(string market)
        {
            var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            using var cmd = AdHoc("SELECT code, count(*) FROM share_reasons WHERE market = $m GROUP BY code");
            cmd.Parameters.AddWithValue("$m", market);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[r.GetString(0)] = r.GetInt64(1);
            return result;
        }

        private ShareRecord ReadShare(SqliteDataReader r)
        {
            var market = r.GetString(0);
            return new ShareRecord
            {
                Market = market,
                OfferId = r.GetString(1),
                State = (ShareState)Enum.Parse(typeof(ShareState), r.GetString(2)),
                Reasons = ReasonCodes.Decode(r.GetString(3)),
                Price = ReadDec(r, 4),
                Currency = r.GetString(5),
                PriceSource = (PriceSource)Enum.Parse(typeof(PriceSource), r.GetString(6)),
                BasePrice = ReadDec(r, 7),
                BaseCurrency = r.GetString(8),
                ExchangeRate = ReadDec(r, 9),
                RateSource = ReadStr(r, 10),
                Translation = (TranslationKind)Enum.Parse(typeof(TranslationKind), r.GetString(11)),
                AutoTranslate = r.GetInt64(12) != 0,
                Delivery = DecodeDelivery(r.GetString(13), market),
                Warnings = r.GetString(14).Length == 0 ? Array.Empty<string>() : r.GetString(14).Split('\n'),
                UpdatedAt = ReadStamp(r, 15),
                OfferStatus = (OfferStatus)Enum.Parse(typeof(OfferStatus), r.GetString(16)),
            };
        }

        private IReadOnlyList<DeliveryQuote> DecodeDelivery(string s, string market)
        {
            if (s.Length == 0) return Array.Empty<DeliveryQuote>();
            var parts = s.Split(';');
            var list = new DeliveryQuote[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                var f = parts[i].Split('|');
                var name = DeliveryNameResolver?.Invoke(market, f[0]) ?? f[0];
                list[i] = new DeliveryQuote(f[0], name, decimal.Parse(f[1], NumberStyles.Number, CultureInfo.InvariantCulture), f[2], f[3] == "1");
            }
            return list;
        }

        /// <summary>
        /// Offers listed on <paramref name="baseMarket"/> that have no share record for <paramref name="market"/>
        /// (the NotRequested state of the seller's filter), in id order.
        /// </summary>
        public List<Offer> QueryUnshared(string market, string baseMarket, IReadOnlyList<string>? offerIds, IReadOnlyList<OfferStatus>? statuses,
            string? afterOfferId, int limit)
        {
            using var cmd = AdHoc("");
            var where = new List<string> { "o.market = $base", "NOT EXISTS (SELECT 1 FROM shares s WHERE s.market = $mk AND s.offer_id = o.offer_id)" };
            cmd.Parameters.AddWithValue("$base", baseMarket);
            cmd.Parameters.AddWithValue("$mk", market);
            AddIdFilter(cmd, where, "o.offer_id", offerIds);
            if (statuses != null && statuses.Count > 0) AddInFilter(cmd, where, "o.status", "$os", ToStrings(statuses));
            if (afterOfferId != null)
            {
                where.Add("o.offer_id > $after");
                cmd.Parameters.AddWithValue("$after", afterOfferId);
            }
            cmd.CommandText = "SELECT " + OfferColumnsAliased + " FROM offers o WHERE " + string.Join(" AND ", where) +
                " ORDER BY o.offer_id LIMIT " + limit.ToString(CultureInfo.InvariantCulture);
            return ReadAll(cmd, ReadOffer);
        }

        private static readonly string OfferColumnsAliased = "o." + OfferColumns.Replace(", ", ", o.");
    }
}
