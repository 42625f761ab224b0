using System;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
    /// <summary>Target markets' catalogues: the products with a detail page there (a market without one has every product).</summary>
    internal sealed class MarketCatalogs
    {
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;
        private readonly Func<DateTimeOffset> _clock;

        public MarketCatalogs(WorkspaceStore workspace, RuleSet rules, Func<DateTimeOffset> clock)
        {
            _ws = workspace; _rules = rules; _clock = clock;
        }

        /// <summary>Starts a catalogue import for the market (which from now on has a catalogue); <paramref name="replace"/> drops the products it held.</summary>
        public MarketRule BeginCatalog(string market, bool replace)
        {
            var m = _rules.GetMarket(market);
            _ws.Catalogs.Begin(m.Id, replace, _clock());
            return m;
        }

        /// <summary>Adds a product with a detail page in the market; false for a blank id.</summary>
        public bool AddCatalogProduct(string market, string? productId)
        {
            var id = productId?.Trim();
            if (string.IsNullOrEmpty(id)) return false;
            _ws.Catalogs.AddProduct(market, id!);
            _ws.RecordWritten();
            return true;
        }

        public long CountCatalog(string market) => _ws.Catalogs.CountProducts(market);
    }
}
