using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Rules;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The exchange_rates table, through the session's statements and transaction (<see cref="WorkspaceStore.Rates"/>).</summary>
    internal sealed class RateStore : IRateStore
    {
        private readonly WorkspaceStore _ws;

        internal RateStore(WorkspaceStore session) { _ws = session; }

        /// <summary>Records a rate (history is kept: one row per pair and date).</summary>
        public void Set(ExchangeRateRule rate, DateTimeOffset setAt)
        {
            _ws.BeginWrite();
            var cmd = _ws.CachedCommand("rate.set",
                Upsert("exchange_rates", "from_ccy, to_ccy, rate_date, rate, source, set_at", "from_ccy, to_ccy, rate_date", "@f,@t,@d,@r,@s,@at"),
                "@f", "@t", "@d", "@r", "@s", "@at");
            cmd.Parameters[0].Value = rate.From.ToUpperInvariant();
            cmd.Parameters[1].Value = rate.To.ToUpperInvariant();
            cmd.Parameters[2].Value = (rate.Date ?? setAt.UtcDateTime.Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            cmd.Parameters[3].Value = rate.Rate.ToString(CultureInfo.InvariantCulture);
            cmd.Parameters[4].Value = rate.Source;
            cmd.Parameters[5].Value = Stamp(setAt);
            cmd.ExecuteNonQuery();
            _ws.RecordWritten();
        }

        /// <summary>The newest rate the workspace holds for the pair (by rate date, then by when it was set), or null.</summary>
        public ExchangeRateRule? Get(string from, string to)
        {
            var cmd = _ws.CachedCommand("rate.get",
                "SELECT rate, source, rate_date FROM exchange_rates WHERE from_ccy = @f AND to_ccy = @t ORDER BY rate_date DESC, set_at DESC LIMIT 1",
                "@f", "@t");
            cmd.Parameters[0].Value = from.ToUpperInvariant();
            cmd.Parameters[1].Value = to.ToUpperInvariant();
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return new ExchangeRateRule(from.ToUpperInvariant(), to.ToUpperInvariant(),
                decimal.Parse(r.GetString(0), NumberStyles.Number, CultureInfo.InvariantCulture), r.GetString(1),
                DateTime.ParseExact(r.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        /// <summary>Every rate the workspace holds, newest first per pair.</summary>
        public List<ExchangeRateRule> GetAll(string? from = null, string? to = null)
        {
            var list = new List<ExchangeRateRule>();
            var where = new List<string>();
            using var cmd = _ws.NewCommand("");
            if (from != null) { where.Add("from_ccy = @f"); cmd.Parameters.AddWithValue("@f", from.ToUpperInvariant()); }
            if (to != null) { where.Add("to_ccy = @t"); cmd.Parameters.AddWithValue("@t", to.ToUpperInvariant()); }
            cmd.CommandText = "SELECT from_ccy, to_ccy, rate, source, rate_date FROM exchange_rates" +
                (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                " ORDER BY from_ccy, to_ccy, rate_date DESC, set_at DESC";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(new ExchangeRateRule(r.GetString(0), r.GetString(1),
                    decimal.Parse(r.GetString(2), NumberStyles.Number, CultureInfo.InvariantCulture), r.GetString(3),
                    DateTime.ParseExact(r.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
            return list;
        }
    }
}
