using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The marketplaces' own verdicts (Allegro's publication state and refusal reasons per offer and market), kept beside
    /// ListingPs's local ones: one row per market and offer, with the price ListingPs last sent there.
    /// </summary>
    public sealed partial class WorkspaceStore
    {
        private void InitializeMarketVerdicts(DbTransaction tx)
        {
            Exec(Ddl(@"
CREATE TABLE IF NOT EXISTS market_verdicts(
  market TEXT NOT NULL, offer_id TEXT NOT NULL, state TEXT NOT NULL, reasons TEXT NOT NULL, price TEXT, currency TEXT NOT NULL,
  shipping_rate TEXT NOT NULL, sent_price TEXT, sent_at TEXT, synced_at TEXT NOT NULL,
  PRIMARY KEY(market, offer_id)) WITHOUT ROWID;
"), tx);
        }

        private sealed class StoredReason
        {
            public string Code { get; set; } = "";
            public string Message { get; set; } = "";
            public Dictionary<string, List<string>>? Parameters { get; set; }
        }

        /// <summary>Stores the marketplace's verdict of an offer on a market (the local one stays in the shares).</summary>
        public void PutMarketVerdict(MarketVerdict v)
        {
            BeginWrite();
            var cmd = CachedCommand("verdict.put",
                Upsert("market_verdicts", "market, offer_id, state, reasons, price, currency, shipping_rate, sent_price, sent_at, synced_at", "market, offer_id",
                    "@m,@o,@s,@r,@p,@c,@rate,@sp,@sa,@at"), "@m", "@o", "@s", "@r", "@p", "@c", "@rate", "@sp", "@sa", "@at");
            cmd.Parameters[0].Value = v.Market;
            cmd.Parameters[1].Value = v.OfferId;
            cmd.Parameters[2].Value = v.MarketStateText;
            cmd.Parameters[3].Value = JsonConvert.SerializeObject(v.MarketReasons.Select(r => new StoredReason
            {
                Code = r.Code, Message = r.Message, Parameters = r.Parameters.Count == 0 ? null : r.Parameters.ToDictionary(p => p.Key, p => p.Value.ToList()),
            }));
            cmd.Parameters[4].Value = v.MarketPrice.HasValue ? (object)v.MarketPrice.Value.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
            cmd.Parameters[5].Value = v.Currency;
            cmd.Parameters[6].Value = v.ShippingRate;
            cmd.Parameters[7].Value = v.SentPrice.HasValue ? (object)v.SentPrice.Value.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
            cmd.Parameters[8].Value = v.SentAt.HasValue ? (object)Stamp(v.SentAt.Value) : DBNull.Value;
            cmd.Parameters[9].Value = Stamp(v.SyncedAt);
            cmd.ExecuteNonQuery();
            RecordWritten();
        }

        /// <summary>The marketplace's stored verdict of the offer on the market (with the local one beside it unless the caller has it), or null when none is stored.</summary>
        public MarketVerdict? GetMarketVerdict(string market, string offerId, bool withLocal = true)
        {
            var cmd = CachedCommand("verdict.get",
                "SELECT offer_id, state, reasons, price, currency, shipping_rate, sent_price, sent_at, synced_at FROM market_verdicts WHERE market = @m AND offer_id = @o",
                "@m", "@o");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = offerId;
            using (var r = cmd.ExecuteReader())
            {
                if (!r.Read()) return null;
                var v = ReadVerdict(r, market);
                r.Close();
                if (withLocal) WithLocal(v);
                return v;
            }
        }

        /// <summary>Every stored marketplace verdict of the market, by offer id, with the local verdicts beside them.</summary>
        public IEnumerable<MarketVerdict> MarketVerdicts(string market)
        {
            var list = new List<MarketVerdict>();
            using (var cmd = NewCommand("SELECT offer_id, state, reasons, price, currency, shipping_rate, sent_price, sent_at, synced_at FROM market_verdicts WHERE market = @m ORDER BY offer_id"))
            {
                cmd.Parameters.AddWithValue("@m", market);
                using var r = cmd.ExecuteReader();
                while (r.Read()) list.Add(ReadVerdict(r, market));
            }
            foreach (var v in list)
            {
                WithLocal(v);
                yield return v;
            }
        }

        /// <summary>The last marketplace event read (an offer-events position, per market and environment), or null.</summary>
        public string? GetEventPosition(string key)
        {
            using var cmd = NewCommand("SELECT value FROM meta WHERE key = @k");
            cmd.Parameters.AddWithValue("@k", "events." + key);
            return cmd.ExecuteScalar() as string;
        }

        /// <summary>Stores the last marketplace event read, in the open transaction (with the verdicts it led to).</summary>
        public void SetEventPosition(string key, string position)
        {
            BeginWrite();
            using var cmd = NewCommand(Upsert("meta", "key, value", "key", "@k, @v"));
            cmd.Parameters.AddWithValue("@k", "events." + key);
            cmd.Parameters.AddWithValue("@v", position);
            cmd.ExecuteNonQuery();
            RecordWritten();
        }

        private void WithLocal(MarketVerdict v)
        {
            var local = GetShare(v.Market, v.OfferId);
            v.LocalState = local?.State;
            v.LocalReasons = local?.Reasons ?? Array.Empty<Reason>();
        }

        private static MarketVerdict ReadVerdict(DbDataReader r, string market)
        {
            var reasons = JsonConvert.DeserializeObject<List<StoredReason>>(r.GetString(2)) ?? new List<StoredReason>();
            string state = r.GetString(1);
            return new MarketVerdict
            {
                OfferId = r.GetString(0),
                Market = market,
                MarketStateText = state,
                MarketState = MarketVerdict.ParseState(state),
                MarketReasons = reasons.Select(x => new MarketReason(x.Code, x.Message,
                    x.Parameters?.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value))).ToList(),
                MarketPrice = r.IsDBNull(3) ? (decimal?)null : decimal.Parse(r.GetString(3), NumberStyles.Number, CultureInfo.InvariantCulture),
                Currency = r.GetString(4),
                ShippingRate = r.GetString(5),
                SentPrice = r.IsDBNull(6) ? (decimal?)null : decimal.Parse(r.GetString(6), NumberStyles.Number, CultureInfo.InvariantCulture),
                SentAt = r.IsDBNull(7) ? (DateTimeOffset?)null : StoredText.ParseStamp(r.GetString(7)),
                SyncedAt = StoredText.ParseStamp(r.GetString(8)),
            };
        }
    }
}
