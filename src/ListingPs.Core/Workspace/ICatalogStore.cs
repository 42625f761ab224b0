using System;
using System.Collections.Generic;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The target markets' catalogues (which products exist there) and FBA inventory: the catalog_markets,
    /// catalog_products and fba_inventory tables (<see cref="WorkspaceStore.Catalogs"/>).
    /// </summary>
    public interface ICatalogStore
    {
        /// <summary>Whether a catalogue was imported for the market (without one, every product is taken to exist there).</summary>
        bool Has(string market);

        /// <summary>Whether the market's catalogue holds the product (its id matched whatever the case of its ASCII letters).</summary>
        bool Contains(string market, string productId);

        /// <summary>Marks the market as having a catalogue (imported now); <paramref name="replace"/> drops the products it held.</summary>
        void Begin(string market, bool replace, DateTimeOffset at);

        /// <summary>Adds a product to the market's catalogue (once).</summary>
        void AddProduct(string market, string productId);

        /// <summary>How many products the market's catalogue holds.</summary>
        long CountProducts(string market);

        /// <summary>Records the units of the SKU in the market's fulfilment centres.</summary>
        void SetFbaQuantity(string market, string sku, int quantity, DateTimeOffset at);

        /// <summary>Units recorded for the SKU in the market's fulfilment centres (0 when none were recorded).</summary>
        int GetFbaQuantity(string market, string sku);

        /// <summary>FBA units of <paramref name="market"/> for SKUs from <paramref name="fromSku"/> to <paramref name="toSku"/> (a page of source offers); SKUs without a record are not in it.</summary>
        Dictionary<string, int> GetFbaQuantities(string market, string fromSku, string toSku);
    }
}
