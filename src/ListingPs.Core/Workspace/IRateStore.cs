using System;
using System.Collections.Generic;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Workspace
{
    /// <summary>Exchange rates the seller set, with their history: the exchange_rates table (<see cref="WorkspaceStore.Rates"/>).</summary>
    public interface IRateStore
    {
        /// <summary>Records a rate (history is kept: one row per pair and date).</summary>
        void Set(ExchangeRateRule rate, DateTimeOffset setAt);

        /// <summary>The newest rate the workspace holds for the pair (by rate date, then by when it was set), or null.</summary>
        ExchangeRateRule? Get(string from, string to);

        /// <summary>Every rate the workspace holds, newest first per pair.</summary>
        List<ExchangeRateRule> GetAll(string? from = null, string? to = null);
    }
}
