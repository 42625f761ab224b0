using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Model;
using Newtonsoft.Json;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The market_verdicts table and the meta keys of event positions and pending price commands, through the session's statements and transaction (<see cref="WorkspaceStore.MarketVerdicts"/>).</summary>
    internal sealed class MarketVerdictStore : IMarketVerdictStore
    {
        private readonly WorkspaceStore _ws;

        internal MarketVerdictStore(WorkspaceStore session) { _ws = session; }

        private sealed class StoredReason
        {
            public string Code { get; set; } = "";
            public string Message { get; set; } = "";
            public Dictionary<string, List<string>>? Parameters { get; set; }
        }

        /// <summary>Stores the marketplace's verdict of an offer on a market (the local one stays in the shares).</summary>
        public void Put(MarketVerdict v)
        {
            _ws.BeginWrite();
            var cmd = _ws.CachedCommand("verdict.put",
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
            _ws.RecordWritten();
        }

        /// <summary>The marketplace's stored verdict of the offer on the market (with the local one beside it unless the caller has it), or null when none is stored.</summary>
        public MarketVerdict? Get(string market, string offerId, bool withLocal = true)
        {
            var cmd = _ws.CachedCommand("verdict.get",
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
        public IEnumerable<MarketVerdict> OfMarket(string market)
        {
            var list = new List<MarketVerdict>();
            using (var cmd = _ws.NewCommand("SELECT offer_id, state, reasons, price, currency, shipping_rate, sent_price, sent_at, synced_at FROM market_verdicts WHERE market = @m ORDER BY offer_id"))
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
            using var cmd = _ws.NewCommand("SELECT value FROM meta WHERE key = @k");
            cmd.Parameters.AddWithValue("@k", "events." + key);
            return cmd.ExecuteScalar() as string;
        }

        /// <summary>Stores the last marketplace event read, in the open transaction (with the verdicts it led to).</summary>
        public void SetEventPosition(string key, string position)
        {
            _ws.BeginWrite();
            using var cmd = _ws.NewCommand(Upsert("meta", "key, value", "key", "@k, @v"));
            cmd.Parameters.AddWithValue("@k", "events." + key);
            cmd.Parameters.AddWithValue("@v", position);
            cmd.ExecuteNonQuery();
            _ws.RecordWritten();
        }

        private void WithLocal(MarketVerdict v)
        {
            var local = _ws.Shares.Get(v.Market, v.OfferId);
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

        // ---- price commands under way ------------------------------------------------------------------------------
        /// <summary>
        /// Allegro commands under way (price changes, price-automation assignments): each is recorded (in the meta table, key
        /// "allegro.command.{id}") before it is sent and forgotten once its tasks are read to the end, so a run that was stopped
        /// in between is finished by the next one instead of sending the same offers again.
        /// </summary>
        private const string CommandPrefix = "allegro.command.";

        /// <summary>Records a command before it is sent (its kind, market and offers as the caller writes them), committed at once.</summary>
        public void PutPendingCommand(string commandId, string description)
        {
            _ws.BeginWrite();
            using (var cmd = _ws.NewCommand(Upsert("meta", "key, value", "key", "@k, @v")))
            {
                cmd.Parameters.AddWithValue("@k", CommandPrefix + commandId);
                cmd.Parameters.AddWithValue("@v", description);
                cmd.ExecuteNonQuery();
            }
            _ws.RecordWritten();
            _ws.Commit();
        }

        /// <summary>Forgets a command whose tasks were read to the end.</summary>
        public void RemovePendingCommand(string commandId)
        {
            _ws.BeginWrite();
            using (var cmd = _ws.NewCommand("DELETE FROM meta WHERE key = @k"))
            {
                cmd.Parameters.AddWithValue("@k", CommandPrefix + commandId);
                cmd.ExecuteNonQuery();
            }
            _ws.RecordWritten();
            _ws.Commit();
        }

        /// <summary>The commands recorded and not yet read to the end: id and description.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> PendingCommands()
        {
            var list = new List<KeyValuePair<string, string>>();
            using (var cmd = _ws.NewCommand("SELECT key, value FROM meta WHERE key >= @from AND key < @to ORDER BY key"))
            {
                cmd.Parameters.AddWithValue("@from", CommandPrefix);
                cmd.Parameters.AddWithValue("@to", CommandPrefix.Substring(0, CommandPrefix.Length - 1) + "/");
                using var r = cmd.ExecuteReader();
                while (r.Read()) list.Add(new KeyValuePair<string, string>(r.GetString(0).Substring(CommandPrefix.Length), r.GetString(1)));
            }
            return list;
        }
    }
}
