using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
    /// <summary>The seller's profile: the name, and the regions whose accounts are linked (a second source market needs its region linked).</summary>
    internal sealed class SellerProfiles
    {
        private readonly ISellerProfileStore _store;
        private readonly RuleSet _rules;
        private readonly Func<DateTimeOffset> _clock;

        public SellerProfiles(ISellerProfileStore store, RuleSet rules, Func<DateTimeOffset> clock)
        {
            _store = store; _rules = rules; _clock = clock;
        }

        public SellerProfile GetSellerProfile() => _store.Get();

        /// <summary>Updates the profile: a null argument keeps the stored value. Regions must be ones the rules name.</summary>
        public SellerProfile SetSellerProfile(string? sellerName, IReadOnlyList<string>? linkedRegions)
        {
            var profile = _store.Get();
            if (sellerName != null) profile.SellerName = sellerName.Trim().Length == 0 ? null : sellerName.Trim();
            if (linkedRegions != null)
            {
                var known = KnownRegions();
                var list = new List<string>();
                foreach (var r in linkedRegions)
                {
                    if (string.IsNullOrWhiteSpace(r)) continue;
                    var match = known.FirstOrDefault(k => string.Equals(k, r.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (match == null)
                        throw new ListingPsException(ErrorIds.UnknownRegion,
                            "Region '" + r + "' is not a region of the rules' markets. Known regions: " + string.Join(", ", known) + ".", ErrorKind.InvalidArgument);
                    if (!list.Contains(match, StringComparer.OrdinalIgnoreCase)) list.Add(match);
                }
                profile.LinkedRegions = list;
            }
            profile.UpdatedAt = _clock();
            _store.Save(profile);
            return profile;
        }

        /// <summary>The regions the rules' markets are in, in the order they first appear.</summary>
        public IReadOnlyList<string> KnownRegions()
        {
            var list = new List<string>();
            foreach (var m in _rules.Markets)
                if (!string.IsNullOrEmpty(m.Region) && !list.Contains(m.Region, StringComparer.OrdinalIgnoreCase)) list.Add(m.Region);
            return list;
        }
    }
}
