using System.Collections.Generic;
using ListingPs.Core.Model;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The marketplaces' own verdicts (Allegro's publication state and refusal reasons per offer and market), kept beside
    /// ListingPs's local ones, the position of the marketplace events read, and the price commands under way: the
    /// market_verdicts table and meta keys "events.*" and "allegro.command.*" (<see cref="WorkspaceStore.MarketVerdicts"/>).
    /// </summary>
    public interface IMarketVerdictStore
    {
        /// <summary>Stores the marketplace's verdict of an offer on a market (the local one stays in the shares).</summary>
        void Put(MarketVerdict v);

        /// <summary>The marketplace's stored verdict of the offer on the market (with the local one beside it unless the caller has it), or null when none is stored.</summary>
        MarketVerdict? Get(string market, string offerId, bool withLocal = true);

        /// <summary>Every stored marketplace verdict of the market, by offer id, with the local verdicts beside them.</summary>
        IEnumerable<MarketVerdict> OfMarket(string market);

        /// <summary>The last marketplace event read (an offer-events position, per market and environment), or null.</summary>
        string? GetEventPosition(string key);

        /// <summary>Stores the last marketplace event read, in the open transaction (with the verdicts it led to).</summary>
        void SetEventPosition(string key, string position);

        /// <summary>Records a command before it is sent (its kind, market and offers as the caller writes them), committed at once.</summary>
        void PutPendingCommand(string commandId, string description);

        /// <summary>Forgets a command whose tasks were read to the end.</summary>
        void RemovePendingCommand(string commandId);

        /// <summary>The commands recorded and not yet read to the end: id and description.</summary>
        IReadOnlyList<KeyValuePair<string, string>> PendingCommands();
    }
}
