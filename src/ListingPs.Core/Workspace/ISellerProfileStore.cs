using ListingPs.Core.Model;

namespace ListingPs.Core.Workspace
{
    /// <summary>The seller's profile (name, linked regions): the one row of seller_profile (<see cref="WorkspaceStore.SellerProfile"/>).</summary>
    public interface ISellerProfileStore
    {
        /// <summary>The stored profile; an empty one when none was saved.</summary>
        SellerProfile Get();

        /// <summary>Stores the profile (one record written).</summary>
        void Save(SellerProfile profile);
    }
}
